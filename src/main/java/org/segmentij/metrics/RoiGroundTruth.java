package org.segmentij.metrics;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.segmentij.image.LabelImages;

import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.plugin.Colors;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.view.Views;

/**
 * Ground truth from ImageJ ROIs (selections): a list of area ROIs becomes a label image, one
 * label per ROI, optionally with a class image; and ROI sets are read from {@code .roi} and
 * {@code .zip} files or taken from the ROI Manager.
 * <p>
 * <b>Rasterisation.</b> Each ROI covers exactly the pixels ImageJ itself fills for it
 * ({@code ImageProcessor.fill(roi)}): its {@link Roi#getMask() mask} placed at its
 * {@link Roi#getBounds() bounds} (the whole bounds for a plain rectangle), so composite
 * ({@code ShapeRoi}) holes stay background and sub-pixel polygons are rasterised as in ImageJ.
 * Parts outside the image are clipped. Only area ROIs (rectangle, oval, polygon, freehand,
 * traced, composite) are accepted: line and point ROIs are rejected with an
 * {@link IllegalArgumentException} (convert lines with Edit &gt; Selection &gt; Line to Area;
 * points have no area).
 * <p>
 * <b>Slices.</b> For a 3D image ({@code depth > 1}) a ROI goes to the slice given by its
 * position: {@link Roi#getZPosition()} when the ROI has a hyperstack position (channel and
 * frame are ignored), else {@link Roi#getPosition()} (the stack index, taken as the slice).
 * Positions are 1-based; 0 means "all slices", and the ROI is then filled in every plane. A
 * position larger than the depth is an error (also for a 2D image, whose only slice is 1).
 * <p>
 * <b>Labels.</b> The i-th ROI of the list (0-based) gets label {@code i + 1}, whether or not
 * any of its pixels survive clipping and overlaps. Where ROIs overlap the {@link OverlapPolicy}
 * decides; {@link Result#overlapPixels()} counts the pixels (voxels) covered by more than one
 * ROI, whatever the policy.
 */
public final class RoiGroundTruth {

	/** Which ROI a pixel covered by several ROIs belongs to. */
	public enum OverlapPolicy {
		/** The ROI that comes last in the list (drawn last, on top): the default. */
		LAST_WINS,
		/** The ROI that comes first in the list. */
		FIRST_WINS,
		/**
		 * The ROI with the smallest area (number of pixels of its ImageJ mask in one plane,
		 * before clipping); on equal areas the earlier ROI.
		 */
		SMALLEST_WINS,
		/** Overlaps are an error: an {@link IllegalArgumentException} names the two ROIs. */
		ERROR
	}

	/** Where the class of a ROI comes from. */
	public enum ClassSource {
		/** No classes: {@link Result#classes()} is null. */
		NONE,
		/**
		 * The ROI name: the text before the first '-' ({@code "nucleus-12"} is class
		 * {@code "nucleus"}), the whole name when it has no '-' or starts with one; leading and
		 * trailing blanks are removed. ROIs without a name, and the ROI Manager's default names
		 * (digits and dashes such as {@code "0001-0234-0567"}), are rejected.
		 */
		NAME,
		/** The ROI group ({@link Roi#getGroup()}, 1..255); group 0 (no group) is rejected. */
		GROUP,
		/** The stroke colour ({@link Roi#getStrokeColor()}); a ROI without its own colour is rejected. */
		COLOR
	}

	/**
	 * ROIs as label and class images.
	 *
	 * @param labels        one label per ROI: the i-th ROI (0-based) has label {@code i + 1}, 0 =
	 *                      background; width x height (x depth when depth &gt; 1)
	 * @param classes       the class of each pixel's ROI, 1..k, 0 = background; null for
	 *                      {@link ClassSource#NONE}
	 * @param classNames    the name of class {@code j} at index {@code j - 1}, classes numbered
	 *                      in order of first appearance in the ROI list; empty for NONE. Names
	 *                      are the name prefix (NAME), the group name or {@code "group g"}
	 *                      (GROUP), or the colour as ImageJ names it ({@code "red"},
	 *                      {@code "#80ff00"}) (COLOR)
	 * @param overlapPixels number of pixels (voxels) covered by more than one ROI (saturates at
	 *                      {@code Integer.MAX_VALUE})
	 */
	public record Result(Img<IntType> labels, Img<IntType> classes, List<String> classNames, int overlapPixels) {
	}

	private static final Pattern DEFAULT_NAME = Pattern.compile("\\d+(-\\d+)+");

	private RoiGroundTruth() {
	}

	/**
	 * {@link #toLabels(List, long, long, long, OverlapPolicy, ClassSource)} with
	 * {@link OverlapPolicy#LAST_WINS} and no classes.
	 */
	public static Result toLabels(List<Roi> rois, long width, long height, long depth) {
		return toLabels(rois, width, height, depth, OverlapPolicy.LAST_WINS, ClassSource.NONE);
	}

	/**
	 * Rasterises area ROIs into a label image (and optionally a class image); see
	 * {@link RoiGroundTruth} for the rules.
	 *
	 * @param rois    area ROIs, label i+1 for the i-th; an empty list gives an all-background image
	 * @param width   image width, at least 1
	 * @param height  image height, at least 1
	 * @param depth   number of slices, 1 for a 2D image (which is then 2-dimensional)
	 * @param policy  what happens where ROIs overlap; null = {@link OverlapPolicy#LAST_WINS}
	 * @param classes where classes come from; null = {@link ClassSource#NONE}
	 * @throws IllegalArgumentException for a null list or ROI, a line or point ROI, a slice
	 *                                  position beyond the depth, a bad size, an overlap under
	 *                                  {@link OverlapPolicy#ERROR}, or a ROI without the
	 *                                  name, group or colour its class needs
	 */
	public static Result toLabels(List<Roi> rois, long width, long height, long depth, OverlapPolicy policy,
			ClassSource classes) {
		if (rois == null)
			throw new IllegalArgumentException("RoiGroundTruth.toLabels: the ROI list is null; pass an empty list for "
					+ "an all-background image");
		if (policy == null)
			policy = OverlapPolicy.LAST_WINS;
		if (classes == null)
			classes = ClassSource.NONE;
		if (width < 1 || height < 1 || depth < 1)
			throw new IllegalArgumentException("RoiGroundTruth.toLabels: image size " + width + "x" + height + "x"
					+ depth + " is invalid; width, height and depth must be at least 1 (depth 1 for 2D)");
		if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || width * height > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("RoiGroundTruth.toLabels: planes of " + width + "x" + height
					+ " pixels are larger than ImageJ images can be (" + (Integer.MAX_VALUE - 8) + " pixels); crop the image");
		if (depth > Integer.MAX_VALUE)
			throw new IllegalArgumentException("RoiGroundTruth.toLabels: depth " + depth + " is too large");
		int w = (int) width, h = (int) height, nz = (int) depth;

		// validate every ROI and compute the classes before any work
		int n = rois.size();
		int[] zOf = new int[n];
		for (int i = 0; i < n; i++) {
			Roi roi = rois.get(i);
			if (roi == null)
				throw new IllegalArgumentException("RoiGroundTruth.toLabels: ROI " + (i + 1) + " of " + n
						+ " is null; remove it from the list");
			if (!roi.isArea())
				throw new IllegalArgumentException("ROI " + describe(roi, i) + " is a " + roi.getTypeAsString()
						+ " selection, which has no area; ground truth needs area selections (rectangle, oval, "
						+ "polygon, freehand, traced or composite). Convert lines with Edit > Selection > Line to Area, "
						+ "or remove points and lines from the ROI set.");
			int z = roi.hasHyperStackPosition() ? roi.getZPosition() : roi.getPosition();
			if (z < 0 || z > nz)
				throw new IllegalArgumentException("ROI " + describe(roi, i) + " is on slice " + z + " but the image has "
						+ nz + (nz == 1 ? " slice" : " slices") + "; give the right depth, or set the ROI's position "
						+ "to 0 (all slices) or 1.." + nz);
			zOf[i] = z;
		}
		int[] classOf = null;
		List<String> classNames = List.of();
		if (classes != ClassSource.NONE) {
			classOf = new int[n];
			Map<Object, Integer> ids = new LinkedHashMap<>();
			List<String> names = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				Roi roi = rois.get(i);
				Object key;
				String name;
				switch (classes) {
				case NAME -> {
					name = className(roi, i);
					key = name;
				}
				case GROUP -> {
					int g = roi.getGroup();
					if (g <= 0)
						throw new IllegalArgumentException("ROI " + describe(roi, i) + " has no group (group 0), so its "
								+ "class is unknown; set the groups (ROI Manager > Properties..., or Roi.setGroup) or "
								+ "take classes from names or colours instead");
					key = g;
					String gn = Roi.getGroupName(g);
					name = gn == null || gn.isBlank() ? "group " + g : gn;
				}
				case COLOR -> {
					Color c = roi.getStrokeColor();
					if (c == null)
						throw new IllegalArgumentException("ROI " + describe(roi, i) + " has no stroke colour of its "
								+ "own, so its class is unknown; colour every ROI (ROI Manager > Properties..., or "
								+ "Roi.setStrokeColor) or take classes from names or groups instead");
					key = c.getRGB();
					name = Colors.colorToString(c);
				}
				default -> throw new IllegalStateException();
				}
				Integer id = ids.get(key);
				if (id == null) {
					id = ids.size() + 1;
					ids.put(key, id);
					names.add(name);
				}
				classOf[i] = id;
			}
			classNames = Collections.unmodifiableList(names);
		}

		int[][] planes = new int[nz][w * h];
		boolean[][] overlapped = new boolean[nz][];
		long[] area = new long[n];
		long overlaps = 0;
		for (int i = 0; i < n; i++) {
			Roi roi = rois.get(i);
			Rectangle b = roi.getBounds();
			ImageProcessor mask = roi.getMask();
			if (mask != null && (mask.getWidth() != b.width || mask.getHeight() != b.height))
				throw new IllegalArgumentException("ROI " + describe(roi, i) + " has a mask of " + mask.getWidth() + "x"
						+ mask.getHeight() + " that does not match its bounds " + b.width + "x" + b.height);
			area[i] = mask == null ? (long) b.width * b.height : countNonZero(mask);
			int label = i + 1;
			int z0 = zOf[i] == 0 ? 0 : zOf[i] - 1, z1 = zOf[i] == 0 ? nz : zOf[i];
			int x0 = Math.max(0, b.x), x1 = (int) Math.min(w, (long) b.x + b.width);
			int y0 = Math.max(0, b.y), y1 = (int) Math.min(h, (long) b.y + b.height);
			for (int z = z0; z < z1; z++) {
				int[] plane = planes[z];
				for (int y = y0; y < y1; y++)
					for (int x = x0; x < x1; x++) {
						if (mask != null && mask.get(x - b.x, y - b.y) == 0)
							continue;
						int idx = y * w + x;
						int cur = plane[idx];
						if (cur == 0) {
							plane[idx] = label;
							continue;
						}
						if (overlapped[z] == null)
							overlapped[z] = new boolean[w * h];
						if (!overlapped[z][idx]) {
							overlapped[z][idx] = true;
							overlaps++;
						}
						switch (policy) {
						case LAST_WINS -> plane[idx] = label;
						case FIRST_WINS -> {
						}
						case SMALLEST_WINS -> {
							if (area[i] < area[cur - 1])
								plane[idx] = label;
						}
						case ERROR -> throw new IllegalArgumentException("ROIs " + describe(rois.get(cur - 1), cur - 1)
								+ " and " + describe(roi, i) + " overlap (first at x=" + x + ", y=" + y
								+ (nz > 1 ? ", z=" + (z + 1) : "") + "); fix the ROIs or choose an overlap policy "
								+ "(LAST_WINS, FIRST_WINS or SMALLEST_WINS)");
						}
					}
			}
		}

		Img<IntType> labels = nz == 1 ? LabelImages.create(width, height) : LabelImages.create(width, height, depth);
		Img<IntType> classImg = classOf == null ? null
				: nz == 1 ? LabelImages.create(width, height) : LabelImages.create(width, height, depth);
		for (int z = 0; z < nz; z++) {
			int[] plane = planes[z];
			Cursor<IntType> c = Views.flatIterable(slice(labels, z, nz)).cursor();
			for (int v : plane)
				c.next().set(v);
			if (classImg != null) {
				Cursor<IntType> k = Views.flatIterable(slice(classImg, z, nz)).cursor();
				for (int v : plane)
					k.next().set(v == 0 ? 0 : classOf[v - 1]);
			}
		}
		return new Result(labels, classImg, classNames, (int) Math.min(overlaps, Integer.MAX_VALUE));
	}

	private static RandomAccessibleInterval<IntType> slice(Img<IntType> img, int z, int nz) {
		return nz == 1 ? img : Views.hyperSlice(img, 2, z);
	}

	private static long countNonZero(ImageProcessor mask) {
		long c = 0;
		for (int y = 0; y < mask.getHeight(); y++)
			for (int x = 0; x < mask.getWidth(); x++)
				if (mask.get(x, y) != 0)
					c++;
		return c;
	}

	private static String className(Roi roi, int i) {
		String name = roi.getName();
		if (name == null || name.isBlank())
			throw new IllegalArgumentException("ROI " + describe(roi, i) + " has no name, so its class is unknown; name "
					+ "the ROIs CLASS or CLASS-anything (e.g. 'nucleus-1') in the ROI Manager (Rename...)");
		String t = name.trim();
		if (DEFAULT_NAME.matcher(t).matches())
			throw new IllegalArgumentException("ROI " + describe(roi, i) + " has the ROI Manager's default name '" + t
					+ "', which names no class; rename the ROIs CLASS or CLASS-anything (e.g. 'nucleus-1')");
		int dash = t.indexOf('-');
		String prefix = dash > 0 ? t.substring(0, dash).trim() : t;
		return prefix.isEmpty() ? t : prefix;
	}

	private static String describe(Roi roi, int i) {
		String name = roi == null ? null : roi.getName();
		return (i + 1) + (name == null || name.isEmpty() ? "" : " '" + name + "'");
	}

	// -----------------------------------------------------------------------------------------
	// Reading

	/**
	 * Reads ROIs from an ImageJ ROI file ({@code .roi}, one ROI) or ROI set ({@code .zip}, as
	 * the ROI Manager saves it). The kind is recognised from the file's content, not its name.
	 * In a ZIP, every entry whose name ends in {@code .roi} is read, in the order of the
	 * archive; other entries are skipped (as the ROI Manager does). A ROI without a name of its
	 * own is named after its file or entry (without {@code .roi} and folders).
	 *
	 * @param file the {@code .roi} or {@code .zip} file
	 * @return the ROIs, at least one
	 * @throws IllegalArgumentException when the file is missing, unreadable, corrupt, not a ROI
	 *                                  or ROI set, or a ZIP without ROIs
	 */
	public static List<Roi> read(Path file) {
		if (file == null)
			throw new IllegalArgumentException("RoiGroundTruth.read: no file given");
		if (!Files.exists(file))
			throw new IllegalArgumentException("ROI file " + file + " does not exist; check the path (ROI sets are "
					+ ".zip files saved with the ROI Manager's More > Save..., single ROIs .roi files)");
		if (Files.isDirectory(file))
			throw new IllegalArgumentException("ROI file " + file + " is a folder; give a .roi or .zip file");
		byte[] head = new byte[4];
		int got;
		try (InputStream in = Files.newInputStream(file)) {
			got = in.readNBytes(head, 0, 4);
		} catch (IOException e) {
			throw new IllegalArgumentException("Cannot read ROI file " + file + ": " + e.getMessage()
					+ "; check that it is readable", e);
		}
		if (got == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
			return readZip(file);
		if (got == 4 && head[0] == 'I' && head[1] == 'o' && head[2] == 'u' && head[3] == 't')
			return List.of(readRoi(file));
		throw new IllegalArgumentException("File " + file + " is neither an ImageJ ROI (.roi) nor a ROI set (.zip)"
				+ (got == 0 ? ": it is empty" : ": it starts with neither 'Iout' nor a ZIP header")
				+ "; save the ROIs again from the ROI Manager (More > Save...)");
	}

	private static Roi readRoi(Path file) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (IOException e) {
			throw new IllegalArgumentException("Cannot read ROI file " + file + ": " + e.getMessage(), e);
		}
		return decode(bytes, baseName(file.getFileName().toString()), "ROI file " + file);
	}

	private static List<Roi> readZip(Path file) {
		List<Roi> rois = new ArrayList<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry e = entries.nextElement();
				if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".roi"))
					continue;
				byte[] bytes;
				try (InputStream in = zip.getInputStream(e)) {
					bytes = in.readAllBytes();
				} catch (IOException ex) {
					throw new IllegalArgumentException("Entry '" + e.getName() + "' of ROI set " + file
							+ " cannot be read (" + ex.getMessage() + "): the file is corrupt or truncated; "
							+ "save the ROI set again", ex);
				}
				rois.add(decode(bytes, baseName(e.getName()), "Entry '" + e.getName() + "' of ROI set " + file));
			}
		} catch (ZipException e) {
			throw new IllegalArgumentException("ROI set " + file + " is not a valid ZIP file (" + e.getMessage()
					+ "): it is corrupt or truncated; save the ROI set again from the ROI Manager (More > Save...)", e);
		} catch (IOException e) {
			throw new IllegalArgumentException("Cannot read ROI set " + file + ": " + e.getMessage(), e);
		}
		if (rois.isEmpty())
			throw new IllegalArgumentException("ROI set " + file + " contains no .roi entries; is it a ROI set saved by "
					+ "the ROI Manager?");
		return rois;
	}

	private static Roi decode(byte[] bytes, String name, String what) {
		Roi roi;
		try {
			roi = new RoiDecoder(bytes, name + ".roi").getRoi();
		} catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException(what + " is not a valid ImageJ ROI (" + e.getMessage()
					+ "); it is corrupt or of another program", e);
		}
		if (roi == null)
			throw new IllegalArgumentException(what + " is an ImageJ ROI of a type that cannot be read; "
					+ "save it again with a current ImageJ");
		if (roi.getName() == null || roi.getName().isEmpty())
			roi.setName(name);
		return roi;
	}

	private static String baseName(String entry) {
		String s = entry.replace('\\', '/');
		s = s.substring(s.lastIndexOf('/') + 1);
		if (s.toLowerCase(Locale.ROOT).endsWith(".roi"))
			s = s.substring(0, s.length() - 4);
		return s;
	}

	/**
	 * The ROIs of the ROI Manager, in its order (the manager's own ROI objects; a ROI without a
	 * name is copied and given the manager's name for it).
	 *
	 * @throws IllegalArgumentException when the ROI Manager is not open or empty
	 */
	public static List<Roi> fromRoiManager() {
		RoiManager rm = RoiManager.getInstance();
		if (rm == null || rm.getCount() == 0)
			throw new IllegalArgumentException("The ROI Manager is empty or not open; add selections to it "
					+ "(Analyze > Tools > ROI Manager..., Add [t]) or open a ROI set (.zip) with its More > Open...");
		Roi[] rois = rm.getRoisAsArray();
		List<Roi> out = new ArrayList<>(rois.length);
		for (int i = 0; i < rois.length; i++) {
			Roi roi = rois[i];
			if (roi != null && (roi.getName() == null || roi.getName().isEmpty())) {
				roi = (Roi) roi.clone();
				roi.setName(rm.getName(i));
			}
			out.add(roi);
		}
		return Collections.unmodifiableList(out);
	}
}
