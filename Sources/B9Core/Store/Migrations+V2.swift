extension Migrations {
    /// Operators, roles and approvals; returns with their own number series; shifts, cash movements and Z reports.
    /// Return rows are append-only like sales. Times compared by the store (lock-outs, expiries) are
    /// INTEGER milliseconds since 1970; times shown to people are ``Timestamp`` text.
    static let v2 = """
        CREATE TABLE role (
            name TEXT PRIMARY KEY NOT NULL,
            actions_json TEXT NOT NULL
        ) STRICT;
        CREATE TABLE operator (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL REFERENCES role(name),
            pin_salt BLOB NOT NULL,
            pin_hash BLOB NOT NULL,
            pin_rounds INTEGER NOT NULL CHECK (pin_rounds >= 100000),
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until_ms INTEGER
        ) STRICT;
        CREATE TABLE operator_session (
            token TEXT PRIMARY KEY NOT NULL,
            operator_id TEXT NOT NULL REFERENCES operator(id),
            started_at TEXT NOT NULL,
            ended_at TEXT
        ) STRICT;
        CREATE TABLE approval (
            token TEXT PRIMARY KEY NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            amount_minor INTEGER,
            requester TEXT NOT NULL,
            approver TEXT NOT NULL,
            expires_at_ms INTEGER NOT NULL,
            used_at TEXT,
            used_journal_seq INTEGER REFERENCES journal(seq)
        ) STRICT;

        CREATE TABLE return_receipt (
            id TEXT PRIMARY KEY NOT NULL,
            store_id TEXT NOT NULL,
            terminal_id TEXT NOT NULL,
            return_number INTEGER NOT NULL CHECK (return_number >= 1),
            created_at TEXT NOT NULL,
            original_sale_id TEXT REFERENCES sale(id),
            original_receipt_number INTEGER,
            reason TEXT NOT NULL,
            authorization_json TEXT NOT NULL,
            currency TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            total_minor INTEGER NOT NULL CHECK (total_minor <= 0),
            vat_json TEXT NOT NULL,
            journal_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
            UNIQUE (terminal_id, return_number)
        ) STRICT;
        CREATE INDEX return_by_original ON return_receipt(original_sale_id);
        CREATE TABLE return_line (
            return_id TEXT NOT NULL REFERENCES return_receipt(id),
            line_no INTEGER NOT NULL,
            original_line_no INTEGER,
            sku TEXT NOT NULL,
            name TEXT NOT NULL,
            category TEXT NOT NULL,
            unit TEXT NOT NULL,
            quantity_milli INTEGER NOT NULL CHECK (quantity_milli < 0),
            net_minor INTEGER NOT NULL CHECK (net_minor <= 0),
            vat_minor INTEGER NOT NULL CHECK (vat_minor <= 0),
            amount_minor INTEGER NOT NULL CHECK (amount_minor <= 0),
            vat_rate_bp INTEGER NOT NULL,
            vat_inclusive INTEGER NOT NULL,
            stock_tracked INTEGER NOT NULL,
            PRIMARY KEY (return_id, line_no)
        ) STRICT;
        CREATE TABLE refund (
            return_id TEXT NOT NULL REFERENCES return_receipt(id),
            seq INTEGER NOT NULL,
            tender TEXT NOT NULL,
            amount_minor INTEGER NOT NULL CHECK (amount_minor < 0),
            PRIMARY KEY (return_id, seq)
        ) STRICT;
        CREATE TRIGGER return_no_update BEFORE UPDATE ON return_receipt
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;
        CREATE TRIGGER return_no_delete BEFORE DELETE ON return_receipt
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;
        CREATE TRIGGER return_line_no_update BEFORE UPDATE ON return_line
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;
        CREATE TRIGGER return_line_no_delete BEFORE DELETE ON return_line
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;
        CREATE TRIGGER refund_no_update BEFORE UPDATE ON refund
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;
        CREATE TRIGGER refund_no_delete BEFORE DELETE ON refund
            BEGIN SELECT RAISE(ABORT, 'returns are append-only: record a correction instead'); END;

        CREATE TABLE shift (
            id TEXT PRIMARY KEY NOT NULL,
            terminal_id TEXT NOT NULL,
            number INTEGER NOT NULL,
            operator_id TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            opened_seq INTEGER NOT NULL REFERENCES journal(seq),
            float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
            closed_at TEXT,
            closed_seq INTEGER REFERENCES journal(seq),
            UNIQUE (terminal_id, number)
        ) STRICT;
        CREATE UNIQUE INDEX one_open_shift ON shift(terminal_id) WHERE closed_seq IS NULL;
        CREATE TABLE z_report (
            terminal_id TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number >= 1),
            journal_seq INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
            PRIMARY KEY (terminal_id, number)
        ) STRICT;
        """
}
