extension Migrations {
    /// Project sales (sanitary ware): customer projects per site, quotations with their own number series
    /// and a validity date, orders made from them with deposits and partial deliveries. Deposits are
    /// journaled (`project.deposit`); the order keeps their sum and, once invoiced, the sale that closed it.
    static let v4 = """
        CREATE TABLE customer_project (
            id TEXT PRIMARY KEY NOT NULL,
            json TEXT NOT NULL
        ) STRICT;
        CREATE TABLE quotation (
            id TEXT PRIMARY KEY NOT NULL,
            terminal_id TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number >= 1),
            project_id TEXT NOT NULL REFERENCES customer_project(id),
            valid_until TEXT NOT NULL,
            json TEXT NOT NULL,
            UNIQUE (terminal_id, number)
        ) STRICT;
        CREATE TABLE project_order (
            id TEXT PRIMARY KEY NOT NULL,
            project_id TEXT NOT NULL REFERENCES customer_project(id),
            quotation_id TEXT NOT NULL UNIQUE REFERENCES quotation(id),
            grand_total_minor INTEGER NOT NULL CHECK (grand_total_minor >= 0),
            deposited_minor INTEGER NOT NULL DEFAULT 0 CHECK (deposited_minor >= 0),
            invoice_sale_id TEXT REFERENCES sale(id),
            json TEXT NOT NULL,
            CHECK (deposited_minor <= grand_total_minor)
        ) STRICT;
        """
}
