package org.segmentij.deep.train;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.segmentij.InputException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.deep.infer.Normalization;
import org.segmentij.UsageException;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.metrics.RoiGroundTruth;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.UnsignedShortType;

/**
 * Training samples from the places users keep them: folders of image/mask pairs, an open image
 * with its ROIs as ground truth, or generated nuclei. Every 2D plane of a stack is one sample;
 * RGB images give three channels, multi-channel hyperstacks their channels. Images are
 * normalised on the way in; targets follow a {@link TargetMode}.
 */
public final class TrainingData {

	private TrainingData() {
	}

	/** A train/validation split. */
	public record Split(List<Sample> train, List<Sample> validation) {
	}

	/**
	 * Pairs every image of {@code images} with the mask in {@code masks} that has the same name
	 * without extension (or that name plus _mask, _masks, _label, _labels, _gt).
	 */
	public static List<Sample> fromFolders(Path images, Path masks, TargetMode mode, Normalization norm) {
		return fromFolders(images, masks, mode, 1, norm);
	}

	/** As {@link #fromFolders(Path, Path, TargetMode, Normalization)} with a boundary contact width (see {@link TargetMode#target(int[], int, int, int)}). */
	public static List<Sample> fromFolders(Path images, Path masks, TargetMode mode, int contactWidth, Normalization norm) {
		List<Path> imgs = list(images, "images");
		Map<String, Path> byStem = new HashMap<>();
		for (Path m : list(masks, "masks"))
			byStem.put(stem(m), m);
		List<Sample> out = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (Path p : imgs) {
			String s = stem(p);
			Path m = byStem.get(s);
			for (String suffix : new String[] { "_mask", "_masks", "_label", "_labels", "_gt" })
				if (m == null)
					m = byStem.get(s + suffix);
			if (m == null) {
				missing.add(p.getFileName().toString());
				continue;
			}
			out.addAll(fromImages(p.getFileName().toString(), open(p), open(m), mode, contactWidth, norm));
		}
		if (!missing.isEmpty())
			throw new InputException("No mask in " + masks + " for " + missing.size() + " image(s): "
					+ String.join(", ", missing.subList(0, Math.min(5, missing.size())))
					+ (missing.size() > 5 ? ", ..." : "") + ". Give each image a mask of the same name.");
		if (out.isEmpty())
			throw new InputException("No images in " + images + " (looked for " + String.join(", ", ImageFiles.IMAGE_EXTENSIONS.stream().sorted().toList()) + " files).");
		return out;
	}

	/** An image and its ROIs as ground truth (one object per ROI). */
	public static List<Sample> fromRois(ImagePlus image, List<Roi> rois, TargetMode mode, Normalization norm) {
		if (rois == null || rois.isEmpty())
			throw new InputException("No ROIs for '" + image.getTitle() + "': draw the objects and add them to the ROI Manager (t).");
		RoiGroundTruth.Result r = RoiGroundTruth.toLabels(rois, image.getWidth(), image.getHeight(), image.getNSlices());
		Img<IntType> truth = mode == TargetMode.CLASSES ? r.classes() : r.labels();
		int w = image.getWidth(), h = image.getHeight();
		int planes = (int) (truth.numDimensions() > 2 ? truth.dimension(2) : 1);
		int[] all = new int[w * h * planes];
		Cursor<IntType> c = truth.cursor();
		for (int i = 0; c.hasNext(); i++)
			all[i] = c.next().get();
		ImageStack st = new ImageStack(w, h);
		for (int z = 0; z < planes; z++) {
			int[] plane = Arrays.copyOfRange(all, z * w * h, (z + 1) * w * h);
			st.addSlice(new ij.process.FloatProcessor(w, h, toFloat(plane)));
		}
		return fromImages("roi:" + image.getTitle(), image, new ImagePlus("truth", st), mode, norm);
	}

	/** {@code count} generated nuclei images of {@code size x size} (seeds seed, seed+1, ...), instance labels as truth. */
	public static List<Sample> synthetic(int count, int size, int nucleiPerImage, long seed, TargetMode mode, Normalization norm) {
		return synthetic(count, s -> SyntheticNuclei.Params.defaults2D(size, size, nucleiPerImage, s), seed, mode, norm);
	}

	/** {@code count} generated 2D nuclei images, image i made with {@code params.apply(seed + i)}, instance labels as truth. */
	public static List<Sample> synthetic(int count, java.util.function.LongFunction<SyntheticNuclei.Params> params, long seed, TargetMode mode,
			Normalization norm) {
		return synthetic(count, params, seed, mode, 1, norm);
	}

	/**
	 * As {@link #synthetic(int, java.util.function.LongFunction, long, TargetMode, Normalization)},
	 * boundary targets with the given contact width (see {@link TargetMode#target(int[], int, int, int)}).
	 */
	public static List<Sample> synthetic(int count, java.util.function.LongFunction<SyntheticNuclei.Params> params, long seed, TargetMode mode,
			int contactWidth, Normalization norm) {
		List<Sample> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			SyntheticNuclei.Params p = params.apply(seed + i);
			if (!p.is2D())
				throw new UsageException("Training on generated nuclei takes 2D images.");
			int size = (int) p.width();
			if (p.height() != p.width())
				throw new UsageException("Generated training images are square.");
			SyntheticNuclei.Sample s = SyntheticNuclei.generate(p);
			float[] img = new float[size * size];
			int[] lab = new int[size * size];
			Cursor<UnsignedShortType> ci = s.image().cursor();
			Cursor<IntType> cl = s.labels().cursor();
			for (int k = 0; ci.hasNext(); k++) {
				img[k] = ci.next().get();
				lab[k] = cl.next().get();
			}
			normalise(norm, img, 0, img.length);
			out.add(new Sample("synthetic-" + (seed + i), img, 1, size, size, mode.target(lab, size, size, contactWidth)));
		}
		return out;
	}

	/** Image planes with their truth planes (same size and plane count). */
	public static List<Sample> fromImages(String name, ImagePlus image, ImagePlus truth, TargetMode mode, Normalization norm) {
		return fromImages(name, image, truth, mode, 1, norm);
	}

	/** As {@link #fromImages(String, ImagePlus, ImagePlus, TargetMode, Normalization)} with a boundary contact width. */
	public static List<Sample> fromImages(String name, ImagePlus image, ImagePlus truth, TargetMode mode, int contactWidth,
			Normalization norm) {
		int w = image.getWidth(), h = image.getHeight();
		if (truth.getWidth() != w || truth.getHeight() != h)
			throw new InputException(name + ": the mask is " + truth.getWidth() + "x" + truth.getHeight() + " but the image is "
					+ w + "x" + h + "; masks must have the image's size.");
		int channels = image.getType() == ImagePlus.COLOR_RGB ? 3 : image.getNChannels();
		int planes = image.getNSlices() * image.getNFrames();
		int truthPlanes = truth.getStackSize();
		if (truthPlanes != planes)
			throw new InputException(name + ": the image has " + planes + " plane(s), its mask " + truthPlanes
					+ "; give one mask plane per image plane.");
		boolean rgbMask = truth.getType() == ImagePlus.COLOR_RGB;
		if (rgbMask && mode != TargetMode.BINARY)
			throw new InputException(name + ": the mask is an RGB image; save masks as 8/16-bit images of class values or labels.");
		// 8-bit and RGB masks that use the upper half of the range (0/255 masks, JPEG masks with
		// compression noise) are binarised at > 127, as such masks are meant; others (0/1 masks,
		// labels) count every non-zero value as foreground
		int binaryCut = 0;
		if (mode == TargetMode.BINARY && (truth.getBitDepth() == 8 || rgbMask)) {
			double max = 0;
			for (int k = 1; k <= truth.getStackSize(); k++) {
				ImageProcessor ip = truth.getStack().getProcessor(k);
				if (rgbMask)
					ip = maxChannel((ColorProcessor) ip);
				max = Math.max(max, ip.getStatistics().max);
			}
			if (max > 127)
				binaryCut = 127;
		}
		List<Sample> out = new ArrayList<>();
		int plane = w * h;
		for (int p = 0; p < planes; p++) {
			float[] img = new float[channels * plane];
			if (image.getType() == ImagePlus.COLOR_RGB) {
				ColorProcessor cp = (ColorProcessor) image.getStack().getProcessor(p + 1);
				int[] px = (int[]) cp.getPixels();
				for (int i = 0; i < plane; i++) {
					img[i] = (px[i] >> 16) & 0xff;
					img[plane + i] = (px[i] >> 8) & 0xff;
					img[2 * plane + i] = px[i] & 0xff;
				}
			}
			else {
				int z = p % image.getNSlices(), t = p / image.getNSlices();
				for (int c = 0; c < channels; c++) {
					ImageProcessor ip = image.getStack().getProcessor(image.getStackIndex(c + 1, z + 1, t + 1));
					for (int i = 0; i < plane; i++)
						img[c * plane + i] = ip.getf(i);
				}
			}
			for (int c = 0; c < channels; c++) {
				for (int i = c * plane; i < (c + 1) * plane; i++)
					if (!Float.isFinite(img[i]))
						throw new InputException(name + ": plane " + (p + 1) + " has NaN or infinite values; replace them first.");
				normalise(norm, img, c * plane, plane);
			}
			ImageProcessor tp = truth.getStack().getProcessor(p + 1);
			if (rgbMask) // brightest channel: a coloured or grey mask alike
				tp = maxChannel((ColorProcessor) tp);
			int[] t = new int[plane];
			for (int i = 0; i < plane; i++) {
				float v = tp.getf(i);
				if (binaryCut > 0) {
					t[i] = v > binaryCut ? 1 : 0;
					continue;
				}
				if (v != Math.rint(v))
					throw new InputException(name + ": the mask has the non-integer value " + v + "; masks hold class values or labels.");
				t[i] = (int) v;
			}
			out.add(new Sample(planes == 1 ? name : name + "#" + (p + 1), img, channels, w, h, mode.target(t, w, h, contactWidth)));
		}
		return out;
	}

	/**
	 * A deterministic split: the samples shuffled with {@code seed}, the first
	 * {@code round(fraction * n)} (at least one when fraction &gt; 0 and n &gt; 1) for validation.
	 */
	public static Split split(List<Sample> samples, double fraction, long seed) {
		if (!(fraction >= 0 && fraction < 1))
			throw new UsageException("The validation fraction must be in [0, 1) (got " + fraction + "); e.g. 0.2.");
		List<Sample> s = new ArrayList<>(samples);
		Collections.shuffle(s, new java.util.Random(seed));
		int nv = (int) Math.round(fraction * s.size());
		if (fraction > 0 && nv == 0 && s.size() > 1)
			nv = 1;
		if (nv >= s.size())
			nv = s.size() - 1;
		return new Split(List.copyOf(s.subList(nv, s.size())), List.copyOf(s.subList(0, nv)));
	}

	/** Shuffled order of 0..n-1 for an epoch. */
	static int[] permutation(int n, SplittableRandom rng) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++)
			p[i] = i;
		for (int i = n - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1), t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}

	/**
	 * Normalises {@code a[from..from+n)} in place with the mapping {@code norm} fits to those values,
	 * the same mapping inference applies (deep.infer).
	 */
	public static void normalise(Normalization norm, float[] a, int from, int n) {
		if (norm.kind() == Normalization.Kind.NONE)
			return;
		float[] part = from == 0 && n == a.length ? a : java.util.Arrays.copyOfRange(a, from, from + n);
		Normalization.Affine f = norm.fit(net.imglib2.img.array.ArrayImgs.floats(part, n));
		double off = f.offset(), sc = f.scale();
		for (int i = from; i < from + n; i++)
			a[i] = (float) ((a[i] - off) * sc);
	}

	private static ImageProcessor maxChannel(ColorProcessor cp) {
		int[] px = (int[]) cp.getPixels();
		byte[] b = new byte[px.length];
		for (int i = 0; i < px.length; i++)
			b[i] = (byte) Math.max((px[i] >> 16) & 0xff, Math.max((px[i] >> 8) & 0xff, px[i] & 0xff));
		return new ij.process.ByteProcessor(cp.getWidth(), cp.getHeight(), b);
	}

	private static float[] toFloat(int[] a) {
		float[] f = new float[a.length];
		for (int i = 0; i < a.length; i++)
			f[i] = a[i];
		return f;
	}

	private static List<Path> list(Path dir, String what) {
		if (dir == null || !Files.isDirectory(dir))
			throw new InputException("The " + what + " folder " + dir + " does not exist; give a folder of " + what + ".");
		File[] files = dir.toFile().listFiles();
		List<Path> out = new ArrayList<>();
		if (files != null)
			for (File f : files)
				if (f.isFile() && !f.getName().startsWith(".") && ImageFiles.isImageName(f.toPath()))
					out.add(f.toPath());
		out.sort(null);
		return out;
	}

	private static String stem(Path p) {
		return ImageFiles.baseName(p);
	}

	private static ImagePlus open(Path p) {
		return ImageFiles.open(p); // the project's one reader: TIFF, NIfTI, DICOM, OME-TIFF, PNG, JPEG
	}

}
