/// Weighing-scale protocols: request encoders, reply decoders, weights and their status.
public enum Scale {}
