/**
 * Where in the file a point of its decoded text lies, for progress: the reader records, per
 * chunk read, how many file bytes gave how much text (counted in UTF-8 bytes, as csv-parse
 * counts); a row's position in the text then maps back to bytes of the file, whatever its
 * encoding. Rows are asked for in file order, so marks behind the last answer are dropped.
 */
export class FilePositions {
  private marks: { text: number; file: number }[] = [{ text: 0, file: 0 }];
  private text = 0;

  /** After a chunk: the file bytes read so far and the text that chunk decoded to. */
  record(fileBytesRead: number, decoded: string): void {
    this.text += Buffer.byteLength(decoded);
    this.marks.push({ text: this.text, file: fileBytesRead });
  }

  /** File offset of a position in the decoded text (UTF-8 bytes from its start). */
  fileOffset(textPosition: number): number {
    while (this.marks.length > 1 && this.marks[1]!.text <= textPosition) this.marks.shift();
    const a = this.marks[0]!;
    const b = this.marks[1];
    if (!b) return a.file;
    const share = (textPosition - a.text) / Math.max(1, b.text - a.text);
    return Math.round(a.file + (b.file - a.file) * share);
  }
}
