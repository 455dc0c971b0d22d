"""Renders the standard sample receipt (docs/escpos-sample-receipt.md) with python-escpos into its Dummy
printer, in a loop, and prints "python-escpos <mode> <receipts/s> <bytes>" and the process CPU time per receipt
(time.process_time: user + system). The text lines are laid out for
48 columns (Epson TM-T20, font A) exactly as B9ESCPOS lays them out, so both sides print the same content."""
import sys
import time

from escpos.printer import Dummy

WIDTH = 48
ITEMS = [
    ("Espresso", "2", "2.40", "4.80"),
    ("Cappuccino grande", "1", "3.90", "3.90"),
    ("Croissant au beurre", "3", "1.80", "5.40"),
    ("Orange juice fresh 0.3 l", "2", "3.50", "7.00"),
    ("Bagel cream cheese & salmon", "1", "6.90", "6.90"),
    ("Mineral water", "2", "1.90", "3.80"),
    ("Muesli bowl", "1", "5.20", "5.20"),
    ("Banana bread", "2", "2.60", "5.20"),
    ("Tea Earl Grey", "1", "2.80", "2.80"),
    ("Sandwich ham & cheese", "2", "4.50", "9.00"),
    ("Cookie", "4", "1.20", "4.80"),
    ("Deposit bottle", "2", "0.25", "0.50"),
]
QR = "https://b9pos.example/r/0042-20261125-1093?t=59.30"


def kv(key, value, width=WIDTH):
    return key + " " * max(1, width - len(key) - len(value)) + value


def receipt(native_qr):
    p = Dummy()
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.text("B9 Café\n")
    p.set(align="center", bold=False, normal_textsize=True)
    p.text("Rue du Marché 12, 1000 Bruxelles\n")
    p.text("VAT BE0123.456.789\n")
    p.set(align="left")
    p.text("=" * WIDTH + "\n")
    p.text(kv("Receipt 0042-1093", "25.11.2026 14:07") + "\n")
    p.text(kv("Till 2", "Cashier: Anaïs") + "\n")
    p.text("-" * WIDTH + "\n")
    for name, qty, price, amount in ITEMS:
        detail = f"{qty} x {price}"
        p.text(kv(name, f"{detail} {amount}") + "\n")
    p.text("-" * WIDTH + "\n")
    for label, amount in (("Subtotal", "58.50"), ("Deposit", "0.50"), ("Rounding", "0.30")):
        p.text(kv(label, amount) + "\n")
    p.set(bold=True, double_height=True)
    p.text(kv("TOTAL EUR", "59.30") + "\n")
    p.set(bold=False, normal_textsize=True)
    p.text("-" * WIDTH + "\n")
    for row in (("VAT", "Net", "VAT", "Gross"), ("A 6%", "38.87", "2.33", "41.20"), ("C 21%", "14.96", "3.14", "18.10")):
        p.text(row[0].ljust(WIDTH - 26) + row[1].rjust(9) + row[2].rjust(8) + row[3].rjust(9) + "\n")
    p.text("-" * WIDTH + "\n")
    p.text(kv("Card Visa ****4821", "59.30") + "\n")
    p.text(kv("Change", "0.00") + "\n")
    p.ln()
    p.set(align="center", bold=True)
    p.text("Thank you for your visit!\n")
    p.set(bold=False)
    p.text("Open Mon-Sat 7:00-19:00 · b9pos.example\n")
    # Native QR cannot be centred by python-escpos itself; the alignment set before it centres it.
    p.set(align="center")
    p.qr(QR, native=native_qr, size=4, center=False)
    p.text("Scan for your digital receipt\n")
    p.cut(mode="PART")
    return p.output


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    for native in (True, False):
        size = len(receipt(native))
        count = 0
        cpu_start = time.process_time()
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            receipt(native)
            count += 1
        rate = count / (time.perf_counter() - start)
        cpu = (time.process_time() - cpu_start) / count * 1e6
        print(f"python-escpos {'native-qr' if native else 'image-qr'} {int(rate)} {size} cpu {cpu:.1f} µs/receipt")


if __name__ == "__main__":
    main()
