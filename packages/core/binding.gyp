{
  "targets": [
    {
      "target_name": "sockport",
      "sources": [
        "native/addon.cc",
        "native/address.cc",
        "native/constants.cc",
        "native/errors.cc",
        "native/interfaces.cc",
        "native/options.cc",
        "native/reactor.cc",
        "native/resolver.cc",
        "native/socket.cc",
        "native/wait_sync.cc",
        "native/codec/option_codec.cc",
        "native/codec/sockaddr_codec.cc",
        "native/poller/registry.cc",
        "native/poller/epoll.cc",
        "native/poller/kqueue.cc",
        "native/poller/poll.cc",
        "native/poller/select.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "MACOSX_DEPLOYMENT_TARGET": "11.0"
      },
      "conditions": [
        ["OS=='linux' and '<!(echo $SOCKPORT_SANITIZE)'=='1'", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-g"],
          "ldflags": ["-fsanitize=address,undefined"]
        }]
      ]
    }
  ]
}
