package org.segmentij.classical.threshold;

import java.util.function.ToIntFunction;

/**
 * The global methods of Fiji's Auto Threshold, each choosing one threshold bin from a histogram.
 * <p>
 * {@link #threshold(long[])} returns a bin index {@code t}: for bright objects the foreground is
 * the bins {@code > t}, for dark objects the bins {@code <= t}. The conventions are those of
 * ImageJ 1's {@code ij.process.AutoThresholder.getThreshold} (with its default "bilevel subtract
 * one"): a histogram with one or two occupied bins gets the upper occupied bin minus one, a
 * histogram of more than 256 bins is cut to its occupied span before the method runs, and a
 * method that finds nothing gives 0. On 256-bin histograms the results are identical to
 * AutoThresholder's (the tests check every method); the one difference is that results outside
 * {@code -1..bins-1} (Otsu's {@code Integer.MIN_VALUE} for a histogram with a single occupied bin
 * 0, say) are clamped into that range, which selects the same pixels. The implementations are our
 * own, for any number of bins and {@code long} counts, with O(bins) work per iteration where
 * ImageJ's is O(bins^2) (prefix sums) and, for the entropy methods, work only at occupied bins.
 * Costs on a histogram with k occupied bins: MaxEntropy and RenyiEntropy O(k^2) below 2048
 * occupied bins, above that O(bins) cumulative formulas (equal up to rounding); Huang, Huang2 and
 * Shanbhag, on long histograms, bound every candidate's criterion cheaply (Shanbhag O(k) by a
 * series, Huang and Huang2 O(k^2) multiply-adds without logarithms) and evaluate exactly only the
 * candidates the bounds leave (usually one or two), which gives the direct search's result
 * exactly; Intermodes and Minimum O(bins x smoothing passes) (at most 10000 passes, as ImageJ);
 * the others O(bins).
 */
public enum GlobalMethod {
	/** ImageJ's default: IJ_IsoData with the mode limited to 1.5 x the second highest count. */
	DEFAULT("Default", "default", HistogramMethods::defaultIsoData),
	/** Huang and Wang (1995), fuzzy entropy with Shannon's function. */
	HUANG("Huang", "huang", HistogramMethods::huang),
	/** Fiji's faster Huang (J. Schindelin 2011): class means rounded to whole bins. */
	HUANG2("Huang2", "huang2", HistogramMethods::huang2),
	/** Prewitt and Mendelsohn (1966): smooth until bimodal, midpoint of the two peaks. */
	INTERMODES("Intermodes", "intermodes", HistogramMethods::intermodes),
	/** Ridler and Calvard (1978) iterative intermeans, as in Fiji. */
	ISODATA("IsoData", "isodata", HistogramMethods::isoData),
	/** Li and Tam (1998), iterative minimum cross entropy. */
	LI("Li", "li", HistogramMethods::li),
	/** Kapur, Sahoo and Wong (1985), maximum entropy. */
	MAX_ENTROPY("MaxEntropy", "max-entropy", HistogramMethods::maxEntropy),
	/** Glasbey (1993): the mean grey level. */
	MEAN("Mean", "mean", HistogramMethods::mean),
	/** Kittler and Illingworth (1986), iterative minimum error. */
	MIN_ERROR("MinError", "min-error", HistogramMethods::minError),
	/** Prewitt and Mendelsohn (1966): smooth until bimodal, the minimum between the peaks. */
	MINIMUM("Minimum", "minimum", HistogramMethods::minimum),
	/** Tsai (1985), moment preserving. */
	MOMENTS("Moments", "moments", HistogramMethods::moments),
	/** Otsu (1979), maximum between-class variance. */
	OTSU("Otsu", "otsu", HistogramMethods::otsu),
	/** Doyle (1962): 50% of the pixels on each side. */
	PERCENTILE("Percentile", "percentile", HistogramMethods::percentile),
	/** Kapur, Sahoo and Wong (1985), Renyi entropies of order 0.5, 1 and 2 combined. */
	RENYI_ENTROPY("RenyiEntropy", "renyi-entropy", HistogramMethods::renyiEntropy),
	/**
	 * Shanbhag (1994), information measure. Its two class entropies both tend to the same
	 * constant as bins get finer (1/2 of the integral of -ln(1 - y/2) over [0, 1], 0.1534); what
	 * separates them is the discreteness of the histogram, larger for a class held in few, full
	 * bins. On an image with a narrow background peak and bright objects spread over many values
	 * the balance is only reached with a tiny bright class (e.g. 0.02% of the pixels of the
	 * 16-bit nuclei benchmark image, at full resolution as on ImageJ's 256 bins): the method's
	 * nature, not an error.
	 */
	SHANBHAG("Shanbhag", "shanbhag", HistogramMethods::shanbhag),
	/** Zack, Rogers and Latt (1977), triangle, on the longer side of the peak as in Fiji. */
	TRIANGLE("Triangle", "triangle", HistogramMethods::triangle),
	/** Yen, Chang and Chang (1995), maximum correlation. */
	YEN("Yen", "yen", HistogramMethods::yen);

	private final String label, id;
	private final ToIntFunction<long[]> method;

	GlobalMethod(String label, String id, ToIntFunction<long[]> method) {
		this.label = label;
		this.id = id;
		this.method = method;
	}

	/** The name Fiji's Auto Threshold and ImageJ's {@code setAutoThreshold} use ("MaxEntropy"). */
	public String label() {
		return label;
	}

	/** The kebab-case id of the command line ("max-entropy"). */
	public String id() {
		return id;
	}

	/**
	 * The method by label (as in ImageJ, case-insensitive) or id.
	 *
	 * @throws IllegalArgumentException for an unknown name
	 */
	public static GlobalMethod fromName(String name) {
		for (GlobalMethod m : values())
			if (m.label.equalsIgnoreCase(name) || m.id.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name))
				return m;
		StringBuilder all = new StringBuilder();
		for (GlobalMethod m : values())
			all.append(all.length() == 0 ? "" : ", ").append(m.label);
		throw new IllegalArgumentException("Unknown threshold method '" + name + "'; use one of " + all + ".");
	}

	/**
	 * The threshold bin of a histogram (not modified): foreground is bins {@code > t} for bright
	 * objects. Always in {@code -1..histogram.length-1}.
	 *
	 * @throws IllegalArgumentException for a null or empty histogram or a negative count
	 */
	public int threshold(long[] histogram) {
		if (histogram == null || histogram.length == 0)
			throw new IllegalArgumentException("The histogram is " + (histogram == null ? "null" : "empty")
					+ "; give at least one bin.");
		int first = -1, second = -1, occupied = 0, last = -1;
		for (int i = 0; i < histogram.length; i++) {
			long c = histogram[i];
			if (c < 0)
				throw new IllegalArgumentException("Histogram bin " + i + " has a negative count (" + c + ").");
			if (c > 0) {
				occupied++;
				if (first < 0)
					first = i;
				else if (second < 0)
					second = i;
				last = i;
			}
		}
		// AutoThresholder.bilevel (subtract one): one or two occupied bins (unless the only one is bin 0)
		if (occupied == 1 && first > 0)
			return first - 1;
		if (occupied == 2)
			return second - 1;
		long[] data = histogram;
		int offset = 0;
		if (histogram.length > 256 && occupied > 0) {
			data = java.util.Arrays.copyOfRange(histogram, first, last + 1);
			offset = first;
		}
		long t = method.applyAsInt(data);
		if (t == -1)
			t = 0;
		t += offset;
		return (int) Math.max(-1, Math.min(histogram.length - 1, t));
	}
}
