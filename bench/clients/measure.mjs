// What the Node clients of `pnpm bench` share: <conns> clients ping-pong 64-byte lines
// with the server on <port> for a 0.5 s warm-up and then <seconds>, and the result is
// printed as bench/c/peer.c's pingpong prints it (the round trip rate after the warm-up,
// and the total with it).
//   client(port, line, running, counted): one connection's loop; it calls counted()
//   after each round trip and returns once running() turns false.
export async function measure([port, conns, seconds], client) {
  const line = Buffer.alloc(64, 'x');
  line[63] = 10;
  let count = 0;
  let warmCount = 0;
  let warmAt = 0;
  let stopped = false;
  let result;
  setTimeout(() => {
    warmCount = count;
    warmAt = performance.now();
    setTimeout(() => {
      stopped = true;
      result = { roundtrips_per_s: ((count - warmCount) * 1000) / (performance.now() - warmAt), total: count };
    }, seconds * 1000);
  }, 500);
  const running = () => !stopped;
  const counted = () => void count++;
  await Promise.all(Array.from({ length: conns }, () => client(port, line, running, counted)));
  console.log(JSON.stringify(result));
}
