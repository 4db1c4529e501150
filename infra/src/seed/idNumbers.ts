import { idCheckCharacter } from '@edugraph/shared/identifiers';

const DAY = 86_400_000;

/**
 * Hands out unique 18-character ID numbers (GB 11643) without remembering the people: for each
 * county, birth day and gender it counts how many numbers were issued (a typed array whose size
 * depends on the date range, not on the number of people) and derives the 3-digit sequence from
 * that count (odd for men, even for women), so two people never share a number. When a day is
 * full (500 of one gender) the next day is used.
 */
export class IdNumberAllocator {
  readonly #firstDay: number;
  readonly #days: number;
  readonly #counts: Uint16Array;
  readonly #regionCodes: readonly string[];

  /** Birth dates from 1 January `fromYear` to 31 December `toYear`, regions by index. */
  constructor(regionCodes: readonly string[], fromYear: number, toYear: number) {
    this.#firstDay = Date.UTC(fromYear, 0, 1) / DAY;
    this.#days = Date.UTC(toYear + 1, 0, 1) / DAY - this.#firstDay;
    this.#regionCodes = regionCodes;
    this.#counts = new Uint16Array(regionCodes.length * this.#days * 2);
  }

  /** An ID number for someone of region `regionIndex`, born on `day` (days since 1970-01-01). */
  allocate(regionIndex: number, day: number, male: boolean): { idNumber: string; birthDate: string } {
    for (let d = day; d < this.#firstDay + this.#days; d++) {
      const offset = d - this.#firstDay;
      if (offset < 0) throw new Error(`birth day ${isoDate(d)} is before the allocator's range`);
      const cell = ((regionIndex * this.#days + offset) << 1) | (male ? 1 : 0);
      const issued = this.#counts[cell]!;
      if (issued >= 500) continue;
      this.#counts[cell] = issued + 1;
      // A per-cell start and a step coprime with 500 spread sequences without repeating.
      const k = (((Math.imul(cell, 2654435761) >>> 0) % 500) + issued * 7) % 500;
      const birthDate = isoDate(d);
      const first17 = `${this.#regionCodes[regionIndex]}${birthDate.replaceAll('-', '')}${String(k * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
      return { idNumber: first17 + idCheckCharacter(first17), birthDate };
    }
    throw new Error(`no ID numbers left for region ${this.#regionCodes[regionIndex]} after ${isoDate(day)}`);
  }
}

export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a UTC calendar date (month 1–12). */
export function dayNumber(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / DAY;
}
