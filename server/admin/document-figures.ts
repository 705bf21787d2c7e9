/** A document's stored VAT figures as the admin lists give them: null for one stored before they were kept (migration 0007). */
export function vatFiguresOf(row: {
  vatable_minor: number | null;
  vat_minor: number | null;
  exempt_minor: number | null;
  zero_rated_minor: number | null;
}): { vatableMinor: number; vatMinor: number; exemptMinor: number; zeroRatedMinor: number } | null {
  if (row.vatable_minor === null) return null;
  return {
    vatableMinor: Number(row.vatable_minor),
    vatMinor: Number(row.vat_minor),
    exemptMinor: Number(row.exempt_minor),
    zeroRatedMinor: Number(row.zero_rated_minor),
  };
}

/** One page of a list ordered by id: the rows asked for, and the cursor of the next page when there is one (limit + 1 were read). */
export function pageOf<Row extends { id: string }>(rows: Row[], limit: number): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
