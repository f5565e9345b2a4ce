package org.segmentij.image;

/** The axes of an ImageJ hyperstack, in ImageJ's storage order X, Y, C, Z, T. */
public enum Axis {
	X, Y, C, Z, T;

	/** True for the axes that carry a spatial calibration (X, Y, Z). */
	public boolean isSpatial() {
		return this == X || this == Y || this == Z;
	}
}
