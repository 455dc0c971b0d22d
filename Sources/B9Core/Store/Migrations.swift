import GRDB

/// The store's schema, as append-only migrations. A shipped migration is never edited: changes are new ones.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-billing") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-operators-returns-shifts") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-supershop-restaurant") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-project-sales") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-kitchen-stations") { db in
            try db.execute(sql: v5Kitchen)
        }
        migrator.registerMigration("v6-kitchen-item-voids") { db in
            try db.execute(sql: v6KitchenVoids)
        }
        migrator.registerMigration("v7-kitchen-delivery") { db in
            try db.execute(sql: v7KitchenDelivery)
        }
        migrator.registerMigration("v8-kitchen-void-slips") { db in
            try db.execute(sql: v8KitchenVoidSlips)
        }
        return migrator
    }

    /// Money is INTEGER minor units, quantities INTEGER thousandths; constraints guard what Swift also checks.
    /// Sales, their lines and payments, and the journal are append-only: triggers refuse UPDATE and DELETE.
    static let v1 = """
        CREATE TABLE product (
            sku TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL,
            unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
            currency TEXT NOT NULL,
            vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
            vat_inclusive INTEGER NOT NULL CHECK (vat_inclusive IN (0, 1)),
            is_service INTEGER NOT NULL CHECK (is_service IN (0, 1)),
            stock_tracked INTEGER NOT NULL CHECK (stock_tracked IN (0, 1)),
            tiers_json TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE barcode (
            code TEXT PRIMARY KEY NOT NULL,
            sku TEXT NOT NULL REFERENCES product(sku) ON DELETE CASCADE
        ) STRICT;
        CREATE INDEX barcode_by_sku ON barcode(sku);

        CREATE TABLE counter (
            name TEXT PRIMARY KEY NOT NULL,
            value INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
            terminal_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
        CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
            BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;

        CREATE TABLE sale (
            id TEXT PRIMARY KEY NOT NULL,
            store_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            receipt_number INTEGER NOT NULL CHECK (receipt_number >= 1),
            created_at TEXT NOT NULL,
            cashier TEXT,
            currency TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            subtotal_minor INTEGER NOT NULL,
            line_discount_minor INTEGER NOT NULL,
            cart_discount_minor INTEGER NOT NULL,
            vat_exclusive_minor INTEGER NOT NULL,
            vat_inclusive_minor INTEGER NOT NULL,
            grand_total_minor INTEGER NOT NULL,
            rounding_minor INTEGER NOT NULL,
            amount_due_minor INTEGER NOT NULL,
            change_minor INTEGER NOT NULL CHECK (change_minor >= 0),
            vat_json TEXT NOT NULL,
            journal_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
            UNIQUE (terminal_id, receipt_number)
        ) STRICT;
        CREATE TABLE sale_line (
            sale_id TEXT NOT NULL REFERENCES sale(id),
            line_no INTEGER NOT NULL,
            sku TEXT NOT NULL,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            unit TEXT NOT NULL,
            quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
            unit_price_minor INTEGER NOT NULL,
            gross_minor INTEGER NOT NULL,
            line_discount_minor INTEGER NOT NULL,
            cart_discount_minor INTEGER NOT NULL,
            net_minor INTEGER NOT NULL,
            vat_rate_bp INTEGER NOT NULL,
            vat_inclusive INTEGER NOT NULL,
            vat_minor INTEGER NOT NULL,
            price_override_reason TEXT,
            stock_tracked INTEGER NOT NULL,
            PRIMARY KEY (sale_id, line_no)
        ) STRICT;
        CREATE TABLE payment (
            sale_id TEXT NOT NULL REFERENCES sale(id),
            seq INTEGER NOT NULL,
            tender TEXT NOT NULL,
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            foreign_amount_minor INTEGER,
            reference TEXT,
            PRIMARY KEY (sale_id, seq)
        ) STRICT;
        CREATE TRIGGER sale_no_update BEFORE UPDATE ON sale
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER sale_no_delete BEFORE DELETE ON sale
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER sale_line_no_update BEFORE UPDATE ON sale_line
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER sale_line_no_delete BEFORE DELETE ON sale_line
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;
        CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment
            BEGIN SELECT RAISE(ABORT, 'sales are append-only: record a correction instead'); END;

        CREATE TABLE stock_movement (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sku TEXT NOT NULL,
            quantity_milli INTEGER NOT NULL,
            reason TEXT NOT NULL,
            reference TEXT,
            origin_terminal TEXT NOT NULL,
            event_id TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX stock_movement_by_sku ON stock_movement(sku);

        CREATE TABLE customer_account (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            credit_limit_minor INTEGER NOT NULL CHECK (credit_limit_minor >= 0),
            balance_minor INTEGER NOT NULL DEFAULT 0,
            CHECK (balance_minor <= credit_limit_minor)
        ) STRICT;

        CREATE TABLE receipt_print (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sale_id TEXT NOT NULL REFERENCES sale(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('printed', 'failed', 'unknown')),
            detail TEXT,
            journal_seq INTEGER NOT NULL REFERENCES journal(seq),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX receipt_print_by_sale ON receipt_print(sale_id);

        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            topic TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            delivered_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX outbox_pending ON outbox(seq) WHERE delivered_at IS NULL;
        """
}
