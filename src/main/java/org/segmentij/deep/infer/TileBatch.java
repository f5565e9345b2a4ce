package org.segmentij.deep.infer;

import java.util.Arrays;

/**
 * A batch of tiles in NCHW order (batch, channel, row, column), and for an input batch the
 * per-channel normalisation the translator applies.
 *
 * @param data      n*c*h*w floats
 * @param n         batch size
 * @param c         channels
 * @param h         height (rows)
 * @param w         width (columns)
 * @param normalize per input channel, the mapping to network input; null for an output batch
 */
public record TileBatch(float[] data, int n, int c, int h, int w, Normalization.Affine[] normalize) {

	public TileBatch {
		if ((long) n * c * h * w != data.length)
			throw new IllegalArgumentException("TileBatch: " + data.length + " floats for shape " + n + "x" + c + "x" + h + "x" + w);
		if (normalize != null && normalize.length != c)
			throw new IllegalArgumentException("TileBatch: " + normalize.length + " normalisations for " + c + " channels");
	}

	public long[] shape() {
		return new long[] { n, c, h, w };
	}

	@Override
	public String toString() {
		return "TileBatch" + Arrays.toString(shape());
	}
}
