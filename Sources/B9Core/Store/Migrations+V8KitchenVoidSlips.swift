extension Migrations {
    /// Whether a voided kitchen item still owes its VOID slip: `pending` when the void came after the
    /// order's ticket was printed and no printer has taken the slip yet, `printed` once one has (the
    /// printer in `slip_printed_on`). NULL when the ticket had not printed (it prints with the item marked
    /// VOID) and for voids kept before this migration, whose slips were tried once and are not reprinted.
    static let v8KitchenVoidSlips = """
        ALTER TABLE kitchen_item_void ADD COLUMN slip TEXT CHECK (slip IN ('pending', 'printed'));
        ALTER TABLE kitchen_item_void ADD COLUMN slip_printed_on TEXT;
        CREATE INDEX kitchen_item_void_pending_slips ON kitchen_item_void(received_at) WHERE slip = 'pending';
        """
}
