/// Transports, discovery and device classes for POS hardware.
public enum Devices {}
