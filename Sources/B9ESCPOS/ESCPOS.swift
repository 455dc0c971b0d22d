/// The ESC/POS printer language: encoding receipts to bytes, decoding printer replies and streams.
public enum ESCPOS {}
