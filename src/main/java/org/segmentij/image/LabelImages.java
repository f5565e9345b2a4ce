package org.segmentij.image;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * Label images: the one label image type of SegmentIJ is
 * {@code RandomAccessibleInterval<IntType>}, with 0 for background and 1..n for the objects.
 * This class creates them and converts them to and from ImageJ images.
 * <p>
 * As ImageJ images, labels are 16-bit when they fit (at most 65535), else 32-bit (exact up to
 * 2<sup>24</sup> = 16777216). They carry the {@link GlasbeyLut} and, as MorphoLibJ does, the
 * display range 0..255: labels 1..255 each show in their own colour, higher labels all show in
 * the last colour of the table (the pixel values are of course unchanged; a linear display
 * range cannot cycle through the table). Such images are marked with the property
 * {@value #LABELS_PROPERTY} = {@code true}.
 */
public final class LabelImages {

	/** Image property ({@link ImagePlus#getProp(String)}) that marks an ImagePlus as a label image. */
	public static final String LABELS_PROPERTY = "SegmentIJ.labels";

	/** Largest label a 32-bit (float) ImageJ image holds exactly: 2^24. */
	public static final int MAX_FLOAT_LABEL = 1 << 24;

	private LabelImages() {
	}

	/**
	 * A new, all-background label image: an ArrayImg when it fits in one Java array, else a
	 * PlanarImg when each XY plane does, else a CellImg.
	 *
	 * @throws IllegalArgumentException for no or negative dimensions
	 */
	public static Img<IntType> create(long... dims) {
		if (dims == null || dims.length == 0)
			throw new IllegalArgumentException("A label image needs at least one dimension.");
		long n = 1;
		boolean overflow = false;
		for (long d : dims) {
			if (d < 0)
				throw new IllegalArgumentException("Negative dimension in " + java.util.Arrays.toString(dims) + ".");
			if (d != 0 && n > Long.MAX_VALUE / d)
				overflow = true;
			else
				n *= d;
		}
		long limit = Integer.MAX_VALUE - 8;
		if (!overflow && n <= limit)
			return ArrayImgs.ints(dims);
		if (dims.length > 2 && dims[0] * dims[1] <= limit)
			return PlanarImgs.ints(dims);
		return new CellImgFactory<>(new IntType()).create(dims);
	}

	/**
	 * The largest label of the image; 0 when it is all background (or empty, or has only
	 * negative values).
	 */
	public static int maxLabel(RandomAccessibleInterval<IntType> labels) {
		int max = 0;
		for (IntType t : Views.iterable(labels)) {
			int v = t.get();
			if (v > max)
				max = v;
		}
		return max;
	}

	/**
	 * The labels as a new ImageJ image: 16-bit when the largest label is at most 65535, else
	 * 32-bit; with the {@link GlasbeyLut}, display range 0..255, the property
	 * {@value #LABELS_PROPERTY}=true, and the title, calibration and dimensions of
	 * {@code labels}.
	 *
	 * @throws IllegalArgumentException when a label is negative or larger than 16777216
	 */
	public static ImagePlus toImagePlus(AxisImage<IntType> labels) {
		if (labels == null)
			throw new IllegalArgumentException("No label image: the AxisImage is null.");
		int min = 0, max = 0;
		int[] flat = ImagePlusAdapter.intArray(labels.data());
		if (flat != null) {
			int chunk = 1 << 18, tasks = (flat.length + chunk - 1) / chunk;
			int[][] mm = new int[tasks][2];
			java.util.stream.IntStream.range(0, tasks).parallel().forEach(t -> {
				int lo = 0, hi = 0;
				for (int i = t * chunk, end = Math.min(flat.length, i + chunk); i < end; i++) {
					int v = flat[i];
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
				mm[t][0] = lo;
				mm[t][1] = hi;
			});
			for (int[] m : mm) {
				min = Math.min(min, m[0]);
				max = Math.max(max, m[1]);
			}
		} else
			for (IntType t : Views.iterable(labels.data())) {
				int v = t.get();
				if (v < min)
					min = v;
				if (v > max)
					max = v;
			}
		if (min < 0)
			throw new IllegalArgumentException("Label image '" + labels.title() + "' has negative labels (down to " + min
					+ "); labels must be 0 (background) or positive. Relabel it first.");
		if (max > MAX_FLOAT_LABEL)
			throw new IllegalArgumentException("Label image '" + labels.title() + "' has labels up to " + max
					+ ", more than a 32-bit ImageJ image holds exactly (" + MAX_FLOAT_LABEL
					+ "); relabel it to consecutive labels or split it first.");
		return decorate(ImagePlusAdapter.toImagePlus(labels, max <= 65535 ? 16 : 32, false));
	}

	/** Where labels are painted: pixels {@code from} (inclusive) to {@code to} (exclusive) of a line of x (y + height * (plane index)). */
	@FunctionalInterface
	public interface Painter {
		void fill(int line, int from, int to, int label);
	}

	/**
	 * A label image made straight in ImageJ's pixels, on the grid of {@code like} (its dimensions,
	 * axes and calibration): 16-bit when {@code maxLabel} is at most 65535, else 32-bit; {@code paint}
	 * gets a {@link Painter} to fill its lines with (from several threads, each line by one), the
	 * rest stays 0. Unlike {@link #toImagePlus(AxisImage)} no int label image is needed beside the
	 * result: 2 (or 4) bytes per pixel instead of 6 (or 8). Decorated as that method does.
	 *
	 * @throws IllegalArgumentException when maxLabel is negative or above 16777216
	 */
	public static ImagePlus toImagePlus(AxisImage<?> like, String title, int maxLabel, java.util.function.Consumer<Painter> paint) {
		if (maxLabel < 0 || maxLabel > MAX_FLOAT_LABEL)
			throw new IllegalArgumentException("Label image '" + title + "' would have labels up to " + maxLabel
					+ "; a 32-bit ImageJ image holds labels 0.." + MAX_FLOAT_LABEL + " exactly. Split the image first.");
		long[] dims = like.data().dimensionsAsLongArray();
		int w = (int) dims[0], h = dims.length > 1 ? (int) dims[1] : 1;
		if (maxLabel <= 65535) {
			net.imglib2.img.planar.PlanarImg<net.imglib2.type.numeric.integer.UnsignedShortType, net.imglib2.img.basictypeaccess.array.ShortArray> img = PlanarImgs
					.unsignedShorts(dims);
			short[][] planes = new short[img.numSlices()][];
			for (int i = 0; i < planes.length; i++)
				planes[i] = img.getPlane(i).getCurrentStorageArray();
			paint.accept((line, from, to, label) -> java.util.Arrays.fill(planes[line / h], (line % h) * w + from, (line % h) * w + to,
					(short) label));
			return decorate(ImagePlusAdapter.toImagePlus(like.withData(title, img), 16, false));
		}
		net.imglib2.img.planar.PlanarImg<net.imglib2.type.numeric.real.FloatType, net.imglib2.img.basictypeaccess.array.FloatArray> img = PlanarImgs
				.floats(dims);
		float[][] planes = new float[img.numSlices()][];
		for (int i = 0; i < planes.length; i++)
			planes[i] = img.getPlane(i).getCurrentStorageArray();
		paint.accept((line, from, to, label) -> java.util.Arrays.fill(planes[line / h], (line % h) * w + from, (line % h) * w + to, label));
		return decorate(ImagePlusAdapter.toImagePlus(like.withData(title, img), 32, false));
	}

	/**
	 * As {@link #toImagePlus(AxisImage)} for labels already held as unsigned 16-bit values (0 =
	 * background): their arrays become the ImageJ image's pixels, without a copy or a pass over
	 * them.
	 */
	public static ImagePlus toImagePlus16(AxisImage<UnsignedShortType> labels) {
		if (labels == null)
			throw new IllegalArgumentException("No label image: the AxisImage is null.");
		return decorate(ImagePlusAdapter.toImagePlus(labels, 16, false));
	}

	/** Glasbey LUT, display range 0..255, the labels property. */
	private static ImagePlus decorate(ImagePlus imp) {
		imp.setLut(GlasbeyLut.lut());
		// getStack() of a single image builds a stack whose addSlice scans the pixels for their
		// range (ImageJ's findMinAndMax, single-threaded): only stacks need the colour model set
		if (imp.getStackSize() > 1)
			imp.getStack().setColorModel(GlasbeyLut.colorModel());
		imp.setDisplayRange(0, 255);
		imp.setProp(LABELS_PROPERTY, "true");
		return imp;
	}

	/**
	 * A copy of an 8-, 16- or 32-bit ImageJ label image as IntType, with the dimensions
	 * {@link ImagePlusAdapter#wrap(ImagePlus)} gives it (X, Y, then C, Z, T of size above one).
	 *
	 * @throws IllegalArgumentException for an RGB image, negative labels, or 32-bit values that
	 *                                  are not whole numbers (or too large for an int)
	 */
	public static Img<IntType> fromImagePlus(ImagePlus imp) {
		if (imp == null)
			throw new IllegalArgumentException("No label image: the ImagePlus is null; open an image first.");
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException("Image '" + imp.getTitle() + "' is RGB and cannot be a label image; "
					+ "use an 8-, 16- or 32-bit image whose pixel values are the labels.");
		long[] dims = ImagePlusAdapter.dimensions(imp);
		Img<IntType> out = create(dims);
		int w = imp.getWidth(), h = imp.getHeight(), nPlanes = imp.getStackSize();
		ImageStack stack = imp.getStack();
		RandomAccessibleInterval<IntType> planeView;
		int[] flat = out instanceof net.imglib2.img.array.ArrayImg<?, ?> a && a.update(null) instanceof net.imglib2.img.basictypeaccess.array.IntArray ia
				? ia.getCurrentStorageArray() : null;
		for (int p = 1; p <= nPlanes; p++) {
			ImageProcessor ip = nPlanes == 1 ? imp.getProcessor() : stack.getProcessor(p);
			if (flat != null && (ip instanceof ij.process.ByteProcessor || ip instanceof ij.process.ShortProcessor)) {
				// fast path: integer pixels straight into the int array
				int off = (p - 1) * w * h;
				if (ip.getPixels() instanceof byte[] b)
					for (int i = 0; i < b.length; i++)
						flat[off + i] = b[i] & 0xff;
				else {
					short[] sh = (short[]) ip.getPixels();
					for (int i = 0; i < sh.length; i++)
						flat[off + i] = sh[i] & 0xffff;
				}
				continue;
			}
			planeView = out;
			if (dims.length > 2) {
				long idx = p - 1;
				for (int d = dims.length - 1; d >= 2; d--) {
					long stride = 1;
					for (int e = 2; e < d; e++)
						stride *= dims[e];
					planeView = Views.hyperSlice(planeView, d, idx / stride);
					idx %= stride;
				}
			}
			Cursor<IntType> c = Views.flatIterable(planeView).cursor();
			boolean isFloat = imp.getBitDepth() == 32;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int v;
					if (isFloat) {
						float f = ip.getf(x, y);
						if (f != Math.rint(f) || f < 0 || f >= 2147483648f)
							throw new IllegalArgumentException("Image '" + imp.getTitle() + "' has the value " + f
									+ " at " + where(imp, x, y, p) + ", which is not a label (labels are whole numbers"
									+ " from 0 to " + Integer.MAX_VALUE + "); round or threshold it first.");
						v = (int) f;
					} else
						v = ip.get(x, y);
					c.next().set(v);
				}
		}
		return out;
	}

	private static String where(ImagePlus imp, int x, int y, int plane) {
		int[] czt = imp.convertIndexToPosition(plane);
		StringBuilder s = new StringBuilder("x=" + x + ", y=" + y);
		if (imp.getNChannels() > 1)
			s.append(", c=").append(czt[0]);
		if (imp.getNSlices() > 1)
			s.append(", z=").append(czt[1]);
		if (imp.getNFrames() > 1)
			s.append(", t=").append(czt[2]);
		return s.toString();
	}
}
