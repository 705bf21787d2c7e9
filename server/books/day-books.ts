import type { SalesBookName } from '../../protocol';
import type { BackOfficeDb } from '../db/database';
import { beneficiaryBookCsv, returnsBookCsv, salesBookCsv } from './books-csv';
import { returnsBook } from './returns-book';
import { beneficiaryBook, salesBook, type BookAsked } from './sales-books';

/** One of a day's books as the CSV a bookkeeper downloads (the admin API's format=csv and the fleet page's links alike). */
export async function dayBookCsv(
  store: BackOfficeDb,
  book: SalesBookName,
  asked: BookAsked,
): Promise<{ businessCode: string; storeCode: string | null; day: string; csv: string }> {
  switch (book) {
    case 'sales': {
      const found = await salesBook(store, asked);
      return { businessCode: found.businessCode, storeCode: found.storeCode, day: found.day, csv: salesBookCsv(found) };
    }
    case 'returns': {
      const found = await returnsBook(store, asked);
      return { businessCode: found.businessCode, storeCode: found.storeCode, day: found.day, csv: returnsBookCsv(found) };
    }
    case 'senior-citizen':
    case 'pwd': {
      const found = await beneficiaryBook(store, asked, book === 'pwd' ? 'pwd' : 'senior_citizen');
      return { businessCode: found.businessCode, storeCode: found.storeCode, day: found.day, csv: beneficiaryBookCsv(found) };
    }
  }
}
