extension Migrations {
    /// Super shop and restaurant: what a sale carries beyond its lines and payments (promotions applied,
    /// loyalty points, table and tips — append-only like the sale), loyalty members with their points
    /// balance, dining tables and the open tabs held per table until they are paid.
    static let v3 = """
        CREATE TABLE sale_extra (
            sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sale(id),
            promotions_json TEXT,
            loyalty_json TEXT,
            restaurant_json TEXT
        ) STRICT;
        CREATE TRIGGER sale_extra_no_update BEFORE UPDATE ON sale_extra
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER sale_extra_no_delete BEFORE DELETE ON sale_extra
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;

        CREATE TABLE loyalty_member (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            card TEXT UNIQUE,
            phone TEXT UNIQUE,
            points INTEGER NOT NULL DEFAULT 0,
            enrolled_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE dining_table (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            seats INTEGER NOT NULL CHECK (seats >= 1),
            status TEXT NOT NULL CHECK (status IN ('free', 'occupied', 'bill-printed', 'needs-cleaning'))
        ) STRICT;
        CREATE TABLE open_tab (
            table_id TEXT PRIMARY KEY NOT NULL REFERENCES dining_table(id),
            tab_id TEXT NOT NULL UNIQUE,
            tab_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        """
}
