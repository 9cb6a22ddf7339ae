/**
 * Output-size counters for the PDF filters that expand without Flate (ISO 32000-1 §7.4.4–7.4.5):
 * they read the encoded bytes and add up how many bytes decoding would produce, without producing
 * them. A RunLength byte pair expands 64×; an LZW code up to ~4 KB.
 */
export interface SizeCounter {
  push(chunk: Uint8Array): void;
  /** Decoded bytes so far. */
  readonly count: number;
}

/** RunLengthDecode: a length byte n < 128 copies n+1 bytes, n > 128 repeats the next byte 257−n times, 128 ends. */
export function runLengthCounter(): SizeCounter {
  let count = 0;
  let literal = 0; // literal bytes still to skip
  let repeat = 0; // pending repeat count, waiting for its byte
  let ended = false;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length && !ended; i++) {
        const b = chunk[i]!;
        if (literal > 0) {
          literal--;
        } else if (repeat > 0) {
          count += repeat;
          repeat = 0;
        } else if (b < 128) {
          literal = b + 1;
          count += b + 1;
        } else if (b > 128) {
          repeat = 257 - b;
        } else {
          ended = true;
        }
      }
    },
    get count() {
      return count;
    },
  };
}

/**
 * LZWDecode with EarlyChange 1 (the default): only the length of each dictionary string matters,
 * and a new entry is one byte longer than the previous code's string.
 */
export function lzwCounter(earlyChange = 1): SizeCounter {
  const lengths = new Uint16Array(4096);
  let next = 258;
  let width = 9;
  let prev = -1;
  let bits = 0;
  let nbits = 0;
  let count = 0;
  let ended = false;
  const reset = () => {
    next = 258;
    width = 9;
    prev = -1;
  };
  lengths.fill(1, 0, 256);
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length && !ended; i++) {
        bits = ((bits << 8) | chunk[i]!) & 0xffffff;
        nbits += 8;
        while (nbits >= width && !ended) {
          const code = (bits >> (nbits - width)) & ((1 << width) - 1);
          nbits -= width;
          if (code === 256) {
            reset();
            continue;
          }
          if (code === 257) {
            ended = true;
            break;
          }
          let len: number;
          if (code < next && (code < 256 || lengths[code]! > 0)) len = lengths[code]!;
          else if (prev >= 0) len = lengths[prev]! + 1; // the KwKwK case
          else {
            ended = true; // corrupt: pdf.js stops here too
            break;
          }
          count += len;
          if (prev >= 0 && next < 4096) lengths[next++] = Math.min(lengths[prev]! + 1, 65535);
          prev = code;
          if (next + earlyChange >= 1 << width && width < 12) width++;
        }
      }
    },
    get count() {
      return count;
    },
  };
}
