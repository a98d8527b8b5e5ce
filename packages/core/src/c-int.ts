// A double converted to a C int as the originals' compiled code converts it on x86-64
// (cvttsd2si): a C cast, or LuaJIT's FFI storing a number in an int argument or field.

/**
 * A number as a C `int` on x86-64: the fraction cut off, and INT_MIN for a value the
 * int cannot hold (NaN and the infinities too), where C leaves it undefined. For faces
 * whose originals pass Lua numbers to C ints.
 */
export function cInt(n: number): number {
  return n > -0x80000001 && n < 0x80000000 ? Math.trunc(n) : -0x80000000;
}
