/**
 * The history's chunk encoding: one blob holds n readings of one sensor. {@link
 * io.fleetdeck.console.history.chunk.ChunkCodec} is the whole API; the rest is package-private.
 *
 * <h2>Blob layout</h2>
 * <pre>
 * byte     encoding id: 1 = Gorilla XOR values, 2 = scaled decimal values
 * varint   count n (>= 1)
 * varint   first timestamp (epoch ms, >= 0)
 * byte     Rice parameter k of the timestamp section (0..63)
 * varint   length of the timestamp section in bytes
 * bits     timestamp section: n-1 Rice-coded zigzag(delta - previous delta), previous delta of the first = 0;
 *          padded with zero bits to a byte
 * bits     value section, to the end of the blob, padded likewise:
 *            XOR:     64-bit IEEE bits of the first value, then per value '0' (same), '10' + bits in the previous
 *                     window, or '11' + 5 bits leading zeros + 6 bits length (0 = 64) + the bits
 *            decimal: 8 bits d (0..6), 8 bits Rice parameter, varint zigzag(k0), then n-1 Rice-coded
 *                     zigzag(k[i] - k[i-1]); value = (double) k / 10^d
 * </pre>
 * Varints are unsigned, 7 bits a byte, least significant group first. Rice code with parameter k: q = u >>> k;
 * q < 16 is q one bits, a zero bit and the k low bits of u; otherwise 16 one bits, 6 bits (bit length of u) - 1 and
 * u in that many bits. Blobs are stored: an encoding id, once written, keeps its meaning; a new layout takes a new id.
 */
package io.fleetdeck.console.history.chunk;
