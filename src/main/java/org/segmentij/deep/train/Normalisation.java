package org.segmentij.deep.train;

import java.util.Arrays;
import java.util.Locale;

import org.segmentij.UsageException;

/**
 * Per-image, per-channel intensity normalisation applied before a network sees an image, the
 * same in training and inference: {@code PERCENTILE} maps the {@code low} and {@code high}
 * percentiles of each channel to 0 and 1 (CSBDeep/StarDist's default, 1 and 99.8; values outside
 * are not clipped), {@code ZERO_MEAN_UNIT_VARIANCE} subtracts the mean and divides by the standard
 * deviation, {@code NONE} leaves values as they are.
 */
public record Normalisation(Kind kind, double low, double high) {

	public enum Kind {
		PERCENTILE, ZERO_MEAN_UNIT_VARIANCE, NONE
	}

	public Normalisation {
		if (kind == null)
			throw new UsageException("Give a normalisation: percentile, zero_mean_unit_variance or none.");
		if (kind == Kind.PERCENTILE && !(low >= 0 && low < high && high <= 100))
			throw new UsageException(String.format(Locale.ROOT,
					"Percentile normalisation needs 0 <= low < high <= 100 (got low=%s, high=%s); the default is 1 and 99.8.", low, high));
	}

	/** 1st and 99.8th percentiles to 0 and 1. */
	public static Normalisation percentile() {
		return new Normalisation(Kind.PERCENTILE, 1, 99.8);
	}

	public static Normalisation parse(String s) {
		String t = s.trim().toLowerCase(Locale.ROOT);
		return switch (t) {
		case "percentile" -> percentile();
		case "zero_mean_unit_variance", "zmuv" -> new Normalisation(Kind.ZERO_MEAN_UNIT_VARIANCE, 0, 0);
		case "none" -> new Normalisation(Kind.NONE, 0, 0);
		default -> throw new UsageException("Unknown normalisation '" + s + "'; use percentile, zero_mean_unit_variance or none.");
		};
	}

	/** The name {@link #parse} reads. */
	public String id() {
		return kind.name().toLowerCase(Locale.ROOT);
	}

	/** Normalises {@code values[from..from+n)} in place. */
	public void applyInPlace(float[] values, int from, int n) {
		switch (kind) {
		case NONE -> {
		}
		case PERCENTILE -> {
			float[] sorted = Arrays.copyOfRange(values, from, from + n);
			Arrays.sort(sorted);
			double lo = quantile(sorted, low / 100), hi = quantile(sorted, high / 100);
			double scale = hi > lo ? 1 / (hi - lo) : 1;
			for (int i = from; i < from + n; i++)
				values[i] = (float) ((values[i] - lo) * scale);
		}
		case ZERO_MEAN_UNIT_VARIANCE -> {
			double s = 0, q = 0;
			for (int i = from; i < from + n; i++) {
				s += values[i];
				q += (double) values[i] * values[i];
			}
			double mean = s / n, sd = Math.sqrt(Math.max(0, q / n - mean * mean));
			double inv = sd > 0 ? 1 / sd : 1;
			for (int i = from; i < from + n; i++)
				values[i] = (float) ((values[i] - mean) * inv);
		}
		}
	}

	/** Normalises each channel plane of a channels x plane array in place. */
	public void applyPerChannel(float[] values, int channels, int plane) {
		for (int c = 0; c < channels; c++)
			applyInPlace(values, c * plane, plane);
	}

	/** Linear interpolation between order statistics (numpy's default "linear" method). */
	static double quantile(float[] sorted, double q) {
		if (sorted.length == 0)
			return 0;
		double pos = q * (sorted.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= sorted.length - 1)
			return sorted[sorted.length - 1];
		double f = pos - i;
		return sorted[i] + f * (sorted[i + 1] - sorted[i]);
	}
}
