import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { t } from '../messages.ts';
import type { FilePositions } from './positions.ts';

/**
 * Decodes a file as a stream of text chunks: UTF-8 or GB18030 (a superset of GBK/GB2312, what
 * Chinese office software writes as "ANSI"), with or without a byte-order mark. `auto` reads
 * the BOM, or else tries UTF-8 on the first chunk and falls back to GB18030 when it is not
 * valid UTF-8. The file is read in 1 MiB chunks: it never sits in memory whole.
 */
export type Encoding = 'auto' | 'utf8' | 'gb18030' | 'gbk';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const GB18030_BOM = Buffer.from([0x84, 0x31, 0x95, 0x33]);

export class DecodeError extends Error {}

/** The encoding of a file's first chunk and how many BOM bytes to skip. */
export function sniffEncoding(
  first: Buffer,
  wanted: Encoding,
): { encoding: 'utf8' | 'gb18030'; bomLength: number } {
  if (first.subarray(0, 3).equals(UTF8_BOM)) return { encoding: 'utf8', bomLength: 3 };
  if (first.subarray(0, 4).equals(GB18030_BOM)) return { encoding: 'gb18030', bomLength: 4 };
  // GBK is a subset of GB18030: one decoder reads both.
  if (wanted === 'gbk') return { encoding: 'gb18030', bomLength: 0 };
  if (wanted !== 'auto') return { encoding: wanted, bomLength: 0 };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return { encoding: 'utf8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

interface TextDecoderLike {
  write(chunk: Buffer): string;
  end(): string;
}

function decoderFor(encoding: 'utf8' | 'gb18030', path: string): TextDecoderLike {
  if (encoding === 'gb18030') {
    const d = iconv.getDecoder('gb18030', { stripBOM: false });
    return { write: (c) => d.write(c), end: () => d.end() ?? '' };
  }
  const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  const fail = (): never => {
    throw new DecodeError(t().notUtf8(path, offset));
  };
  return {
    write: (c) => {
      try {
        const text = d.decode(c, { stream: true });
        offset += c.length;
        return text;
      } catch {
        return fail();
      }
    },
    end: () => {
      try {
        return d.decode();
      } catch {
        return fail();
      }
    },
  };
}

/** `positions` learns which file bytes each piece of text came from (for progress). */
export async function* decodeFile(
  path: string,
  wanted: Encoding = 'auto',
  positions?: FilePositions,
): AsyncGenerator<string> {
  let decoder: TextDecoderLike | undefined;
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let text: string;
    if (!decoder) {
      const sniffed = sniffEncoding(chunk, wanted);
      decoder = decoderFor(sniffed.encoding, path);
      text = decoder.write(chunk.subarray(sniffed.bomLength));
    } else text = decoder.write(chunk);
    positions?.record(bytesRead, text);
    if (text) yield text;
  }
  const rest = decoder?.end();
  positions?.record(bytesRead, rest ?? '');
  if (rest) yield rest;
}
