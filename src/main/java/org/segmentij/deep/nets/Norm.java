package org.segmentij.deep.nets;

import java.util.Locale;

import org.segmentij.UsageException;

/** Feature normalisation after a convolution. */
public enum Norm {
	/** Batch normalisation: batch statistics when training, running statistics (momentum 0.1, eps 1e-5) otherwise. */
	BATCH,
	/** Instance normalisation with a per-channel affine: statistics of each sample and channel over its pixels. */
	INSTANCE,
	/** None (the convolutions then carry a bias). */
	NONE;

	public static Norm parse(String s) {
		switch (s.trim().toLowerCase(Locale.ROOT)) {
		case "batch":
		case "bn":
			return BATCH;
		case "instance":
		case "in":
			return INSTANCE;
		case "none":
		case "":
			return NONE;
		default:
			throw new UsageException("unknown normalisation '" + s + "'; use batch, instance or none");
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}
}
