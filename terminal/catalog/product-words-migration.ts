import type { Migration } from '../store/migrations';

/**
 * A word index over product names (SQLite FTS5, external content: the names are not stored
 * twice), kept in step with `products` by triggers, so that typing "coca co" finds
 * "Coca-Cola 1.5 L" by word prefixes at a keystroke's speed over 50,000 products.
 * Accents are ignored: "nescafe" finds "Nescafé".
 */
export const productWordsMigration = (version: number): Migration => ({
  version,
  name: 'product name word index',
  sql: `
    CREATE VIRTUAL TABLE product_words USING fts5(
      name, content = 'products', content_rowid = 'rowid',
      tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
    );
    INSERT INTO product_words (product_words) VALUES ('rebuild');
    -- The first page of an empty search, in name order, without sorting the catalog.
    CREATE INDEX products_name ON products (name);
    CREATE TRIGGER product_words_insert AFTER INSERT ON products BEGIN
      INSERT INTO product_words (rowid, name) VALUES (new.rowid, new.name);
    END;
    CREATE TRIGGER product_words_delete AFTER DELETE ON products BEGIN
      INSERT INTO product_words (product_words, rowid, name) VALUES ('delete', old.rowid, old.name);
    END;
    CREATE TRIGGER product_words_update AFTER UPDATE OF name ON products BEGIN
      INSERT INTO product_words (product_words, rowid, name) VALUES ('delete', old.rowid, old.name);
      INSERT INTO product_words (rowid, name) VALUES (new.rowid, new.name);
    END;
  `,
});
