package org.segmentij.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import org.segmentij.InputException;
import org.segmentij.UsageException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;

/**
 * NIfTI-1 single-file images ({@code .nii}, and {@code .nii.gz} through java.util.zip) read into
 * and written from ImageJ 1 {@link ImagePlus}es. Our own reader and writer of the NIfTI-1
 * specification (nifti1.h); no external library.
 *
 * <h2>Axes</h2> NIfTI's dimensions 1 to 5 are x, y, z, t and the fifth ("u", e.g. vector
 * components); they become the ImagePlus's width, height, slices, frames and channels (a
 * hyperstack when more than one is above 1). Files with a sixth or seventh dimension above 1 are
 * refused.
 *
 * <h2>Display convention (y flip)</h2> The voxel grid is shown as stored, with one change: the
 * y axis is flipped, so that the ImagePlus's top row is the file's last row {@code j = ny-1}, as
 * ImageJ's and other viewers' NIfTI readers do. No reorientation by qform/sform is done. For the
 * common RAS-stored volumes (voxel i growing towards the patient's right, j towards anterior, k
 * towards superior, as MNI templates and most converters write them) an axial slice then shows
 * anterior at the top and the patient's left on the screen's left: the <em>neurological</em>
 * convention. Volumes stored LAS (negative qfac or a left-handed sform, e.g. FSL's
 * "radiological" storage) show in the radiological convention. The writer flips back, so a
 * read-write round trip keeps every voxel where it was in the file.
 *
 * <h2>Values</h2>
 * <ul>
 * <li>uint8 &rarr; 8-bit; uint16 &rarr; 16-bit; float32 &rarr; 32-bit; RGB24 &rarr; RGB.</li>
 * <li>int8, int16, int32, uint32: 8-bit (int8) or 16-bit (the others) when every value fits that
 * unsigned ImageJ type, else 32-bit float (exact up to 2^24 in magnitude, rounded beyond).</li>
 * <li>float64 &rarr; 32-bit float (rounded to float precision).</li>
 * <li>scl_slope/scl_inter: when they are not the identity (slope 0 or 1 and intercept 0), every
 * value is read as {@code slope * stored + inter} into 32-bit float, so that the pixel values are
 * the physical ones; the image is then written back as float32 with slope 1 and intercept 0.</li>
 * </ul>
 * The writer writes 8-bit as uint8, 16-bit as int16 when all values are at most 32767 (the most
 * widely read type) else uint16 (ImageJ's signed 16-bit calibration is written as int16), 32-bit as
 * float32 (int32 for SegmentIJ's 32-bit label images) and RGB as RGB24; cal_min/cal_max carry the
 * display range.
 *
 * <h2>Spacing and orientation</h2> pixdim[1..3] with xyzt_units (m, mm, &micro;m) become the
 * calibration's pixel width, height and depth and unit; pixdim[4] with the time unit becomes the
 * frame interval. Writing maps ImageJ units back (mm, &micro;m, m; nm and cm are converted;
 * others are written as unknown units). The orientation fields (qform_code, sform_code,
 * quatern_b/c/d, qoffset_x/y/z, qfac = pixdim[0], srow_x/y/z), intent and description are kept as
 * image properties ({@code ImagePlus.getProp("NIfTI.qform_code")} ...), exactly (floats as their
 * shortest exact decimal), and listed in the "Info" property; the writer writes them back
 * unchanged when the image still has the x, y, z size it was read with
 * ({@value #PREFIX}dim). {@link #copyOrientation} passes them from an input to a result (a mask
 * written as NIfTI then overlays its input in other viewers). An image without them is written
 * with qform_code = sform_code = 0 (unknown orientation; spacing from pixdim).
 */
public final class Nifti {

	/** Prefix of the image properties that keep the header's orientation fields. */
	public static final String PREFIX = "NIfTI.";

	private static final String[] KEPT = { "dim", "qform_code", "sform_code", "quatern_b", "quatern_c", "quatern_d", "qoffset_x",
			"qoffset_y", "qoffset_z", "qfac", "srow_x", "srow_y", "srow_z", "intent_code", "intent_name", "intent_p1", "intent_p2",
			"intent_p3", "descrip", "datatype" };

	private Nifti() {
	}

	/** Whether the name ends in .nii or .nii.gz (any case). */
	public static boolean isNiftiName(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz");
	}

	// ------------------------------------------------------------------ reading

	/** Reads a .nii or .nii.gz file (gzip is recognised by its magic bytes, whatever the name). */
	public static ImagePlus read(Path file) {
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
			raw.mark(2);
			int b0 = raw.read(), b1 = raw.read();
			raw.reset();
			boolean gz = b0 == 0x1f && b1 == 0x8b;
			InputStream in = gz ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
			ImagePlus imp = read(in, file.getFileName().toString(), file.toString());
			return imp;
		}
		catch (ZipException e) {
			throw new InputException("Cannot read " + file + ": corrupt gzip data (" + e.getMessage() + "). Is the .nii.gz complete?", e);
		}
		catch (EOFException e) {
			throw new InputException("Cannot read " + file + ": the file ends early (truncated). " + e.getMessage(), e);
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/** Reads a NIfTI-1 image from an uncompressed stream; {@code where} names it in messages. */
	public static ImagePlus read(InputStream in, String title, String where) throws IOException {
		byte[] hb = new byte[NiftiHeader.SIZE];
		int got = readFully(in, hb);
		NiftiHeader h;
		try {
			if (got < NiftiHeader.SIZE)
				throw new NiftiHeader.FormatError("the file has " + got + " bytes, fewer than the 348 of a NIfTI-1 header (truncated or not NIfTI)");
			h = NiftiHeader.parse(hb);
		}
		catch (NiftiHeader.FormatError e) {
			throw new InputException("Cannot read " + where + " as NIfTI-1: " + e.getMessage() + ".");
		}
		long skip = (long) h.voxOffset - NiftiHeader.SIZE;
		if (in.readNBytes((int) Math.min(skip, Integer.MAX_VALUE)).length < skip)
			throw new EOFException("Header says the voxels start at byte " + (long) h.voxOffset + ", but the file is shorter.");
		int nx = h.size(1), ny = h.size(2), nz = h.size(3), nt = h.size(4), nc = h.size(5);
		if ((long) nx * ny > Integer.MAX_VALUE / 8)
			throw new InputException("Cannot read " + where + ": a " + nx + " x " + ny + " plane is too large for ImageJ.");
		long planes = (long) nz * nt * nc;
		if (planes > Integer.MAX_VALUE)
			throw new InputException("Cannot read " + where + ": " + planes + " planes are too many for ImageJ.");
		int bpv = NiftiHeader.bytesPerVoxel(h.datatype);
		int n = nx * ny;
		byte[] buf = new byte[n * bpv];
		Object[] stack = new Object[(int) planes];
		boolean scaled = h.scales();
		long minInt = Long.MAX_VALUE, maxInt = Long.MIN_VALUE;
		for (int c = 0; c < nc; c++)
			for (int t = 0; t < nt; t++)
				for (int z = 0; z < nz; z++) {
					long planeIndex = z + (long) nz * (t + (long) nt * c);
					int r = readFully(in, buf);
					if (r < buf.length)
						throw new EOFException("Plane " + (planeIndex + 1) + " of " + planes + " has only " + r + " of its " + buf.length
								+ " bytes: expected " + (long) nx * ny * planes * bpv + " bytes of voxel data after byte " + (long) h.voxOffset + ".");
					int s = c + nc * (z + nz * t); // ImageJ's order: channel, slice, frame
					Object plane = decode(buf, h, nx, ny);
					if (scaled)
						plane = scale(plane, h);
					else if (plane instanceof int[] ints)
						for (int v : ints) {
							long l = h.datatype == NiftiHeader.DT_UINT32 ? Integer.toUnsignedLong(v) : v;
							minInt = Math.min(minInt, l);
							maxInt = Math.max(maxInt, l);
						}
					else if (plane instanceof short[] sh && h.datatype == NiftiHeader.DT_INT16)
						for (short v : sh)
							minInt = Math.min(minInt, v);
					else if (plane instanceof byte[] by && h.datatype == NiftiHeader.DT_INT8)
						for (byte v : by)
							minInt = Math.min(minInt, v);
					stack[s] = plane;
				}
		narrow(stack, h, minInt, maxInt);
		ImageStack is = new ImageStack(nx, ny);
		for (Object p : stack)
			is.addSlice(null, p);
		ImagePlus imp = new ImagePlus(title.replaceAll("(?i)\\.nii(\\.gz)?$", ""), is);
		imp.setDimensions(nc, nz, nt);
		if (nc > 1 || nt > 1 && nz > 1)
			imp.setOpenAsHyperStack(true);
		imp.setCalibration(calibration(h));
		if (h.calMax > h.calMin && imp.getBitDepth() != 24)
			imp.setDisplayRange(h.calMin, h.calMax);
		else
			imp.resetDisplayRange();
		keepHeader(imp, h, scaled);
		return imp;
	}

	/** One plane's bytes as the Java array of its datatype, rows flipped (row 0 = file row ny-1). */
	private static Object decode(byte[] buf, NiftiHeader h, int nx, int ny) {
		ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order);
		switch (h.datatype) {
			case NiftiHeader.DT_UINT8, NiftiHeader.DT_INT8: {
				byte[] a = new byte[nx * ny];
				for (int j = 0; j < ny; j++)
					System.arraycopy(buf, j * nx, a, (ny - 1 - j) * nx, nx);
				return a;
			}
			case NiftiHeader.DT_INT16, NiftiHeader.DT_UINT16: {
				short[] a = new short[nx * ny];
				var sb = bb.asShortBuffer();
				for (int j = 0; j < ny; j++)
					sb.position(j * nx).get(a, (ny - 1 - j) * nx, nx);
				return a;
			}
			case NiftiHeader.DT_INT32, NiftiHeader.DT_UINT32: {
				int[] a = new int[nx * ny];
				var ib = bb.asIntBuffer();
				for (int j = 0; j < ny; j++)
					ib.position(j * nx).get(a, (ny - 1 - j) * nx, nx);
				return a;
			}
			case NiftiHeader.DT_FLOAT32: {
				float[] a = new float[nx * ny];
				var fb = bb.asFloatBuffer();
				for (int j = 0; j < ny; j++)
					fb.position(j * nx).get(a, (ny - 1 - j) * nx, nx);
				return a;
			}
			case NiftiHeader.DT_FLOAT64: {
				float[] a = new float[nx * ny];
				var db = bb.asDoubleBuffer();
				for (int j = 0; j < ny; j++) {
					int o = (ny - 1 - j) * nx;
					for (int i = 0; i < nx; i++)
						a[o + i] = (float) db.get(j * nx + i);
				}
				return a;
			}
			case NiftiHeader.DT_RGB24: {
				int[] a = new int[nx * ny];
				for (int j = 0; j < ny; j++) {
					int o = (ny - 1 - j) * nx;
					for (int i = 0; i < nx; i++) {
						int k = 3 * (j * nx + i);
						a[o + i] = 0xff000000 | (buf[k] & 0xff) << 16 | (buf[k + 1] & 0xff) << 8 | buf[k + 2] & 0xff;
					}
				}
				return a;
			}
			default:
				throw new IllegalStateException("datatype " + h.datatype); // excluded by NiftiHeader.check
		}
	}

	/** slope * stored + inter, as float. */
	private static float[] scale(Object plane, NiftiHeader h) {
		double slope = h.sclSlope == 0 || !Float.isFinite(h.sclSlope) ? 1 : h.sclSlope;
		double inter = Float.isFinite(h.sclInter) ? h.sclInter : 0;
		int n = java.lang.reflect.Array.getLength(plane);
		float[] f = new float[n];
		boolean unsigned = h.datatype == NiftiHeader.DT_UINT8 || h.datatype == NiftiHeader.DT_UINT16 || h.datatype == NiftiHeader.DT_UINT32;
		for (int i = 0; i < n; i++) {
			double v;
			if (plane instanceof byte[] a)
				v = unsigned ? a[i] & 0xff : a[i];
			else if (plane instanceof short[] a)
				v = unsigned ? a[i] & 0xffff : a[i];
			else if (plane instanceof int[] a)
				v = unsigned ? Integer.toUnsignedLong(a[i]) : a[i];
			else
				v = ((float[]) plane)[i];
			f[i] = (float) (slope * v + inter);
		}
		return f;
	}

	/** int8/int16 with negatives and int32/uint32 become ImageJ types (see the class comment). */
	private static void narrow(Object[] stack, NiftiHeader h, long min, long max) {
		for (int s = 0; s < stack.length; s++) {
			Object p = stack[s];
			if (p instanceof int[] a && h.datatype != NiftiHeader.DT_RGB24) {
				boolean unsigned = h.datatype == NiftiHeader.DT_UINT32;
				if (min >= 0 && max <= 65535) {
					short[] o = new short[a.length];
					for (int i = 0; i < a.length; i++)
						o[i] = (short) a[i];
					stack[s] = o;
				}
				else {
					float[] o = new float[a.length];
					for (int i = 0; i < a.length; i++)
						o[i] = unsigned ? (float) Integer.toUnsignedLong(a[i]) : (float) a[i];
					stack[s] = o;
				}
			}
			else if (p instanceof short[] a && h.datatype == NiftiHeader.DT_INT16 && min < 0) {
				float[] o = new float[a.length];
				for (int i = 0; i < a.length; i++)
					o[i] = a[i];
				stack[s] = o;
			}
			else if (p instanceof byte[] a && h.datatype == NiftiHeader.DT_INT8 && min < 0) {
				float[] o = new float[a.length];
				for (int i = 0; i < a.length; i++)
					o[i] = a[i];
				stack[s] = o;
			}
		}
	}

	private static Calibration calibration(NiftiHeader h) {
		Calibration cal = new Calibration();
		String unit;
		switch (h.xyztUnits & 0x07) {
			case NiftiHeader.UNITS_METER -> unit = "m";
			case NiftiHeader.UNITS_MM -> unit = "mm";
			case NiftiHeader.UNITS_MICRON -> unit = "micron";
			default -> unit = null;
		}
		cal.pixelWidth = spacing(h.pixdim[1], h.dim[0] >= 1);
		cal.pixelHeight = spacing(h.pixdim[2], h.dim[0] >= 2);
		cal.pixelDepth = spacing(h.pixdim[3], h.dim[0] >= 3);
		if (unit != null)
			cal.setUnit(unit);
		else if (cal.pixelWidth != 1 || cal.pixelHeight != 1 || cal.pixelDepth != 1)
			cal.setUnit("unit"); // spacing without a unit (xyzt_units 0)
		if (h.dim[0] >= 4 && h.dim[4] > 1) {
			double dt = spacing(h.pixdim[4], true);
			switch (h.xyztUnits & 0x38) {
				case NiftiHeader.UNITS_SEC -> cal.setTimeUnit("sec");
				case NiftiHeader.UNITS_MSEC -> cal.setTimeUnit("ms");
				case NiftiHeader.UNITS_USEC -> cal.setTimeUnit("\u00b5s");
				default -> {
				}
			}
			cal.frameInterval = dt;
		}
		return cal;
	}

	private static double spacing(float pixdim, boolean present) {
		double d = Math.abs(pixdim);
		return present && d > 0 && Double.isFinite(d) ? d : 1;
	}

	private static void keepHeader(ImagePlus imp, NiftiHeader h, boolean scaled) {
		prop(imp, "dim", h.size(1) + " " + h.size(2) + " " + h.size(3));
		prop(imp, "datatype", NiftiHeader.typeName(h.datatype) + (scaled ? " (scaled by scl_slope " + f(h.sclSlope) + ", scl_inter " + f(h.sclInter) + ")" : ""));
		prop(imp, "qform_code", Short.toString(h.qformCode));
		prop(imp, "sform_code", Short.toString(h.sformCode));
		prop(imp, "quatern_b", f(h.quaternB));
		prop(imp, "quatern_c", f(h.quaternC));
		prop(imp, "quatern_d", f(h.quaternD));
		prop(imp, "qoffset_x", f(h.qoffsetX));
		prop(imp, "qoffset_y", f(h.qoffsetY));
		prop(imp, "qoffset_z", f(h.qoffsetZ));
		prop(imp, "qfac", f(h.pixdim[0]));
		for (int r = 0; r < 3; r++)
			prop(imp, "srow_" + "xyz".charAt(r), f(h.srow[4 * r]) + " " + f(h.srow[4 * r + 1]) + " " + f(h.srow[4 * r + 2]) + " " + f(h.srow[4 * r + 3]));
		prop(imp, "intent_code", Short.toString(h.intentCode));
		prop(imp, "intent_name", h.intentName);
		prop(imp, "intent_p1", f(h.intentP1));
		prop(imp, "intent_p2", f(h.intentP2));
		prop(imp, "intent_p3", f(h.intentP3));
		prop(imp, "descrip", h.descrip);
		StringBuilder info = new StringBuilder("NIfTI-1 header (").append(h.order == ByteOrder.LITTLE_ENDIAN ? "little" : "big").append("-endian)\n");
		for (String k : KEPT)
			info.append(k).append(" = ").append(imp.getProp(PREFIX + k)).append('\n');
		info.append("pixdim = ");
		for (float p : h.pixdim)
			info.append(f(p)).append(' ');
		info.append("\nxyzt_units = ").append(h.xyztUnits).append('\n');
		imp.setProperty("Info", info.toString());
	}

	private static void prop(ImagePlus imp, String key, String value) {
		imp.setProp(PREFIX + key, value);
	}

	private static String f(float v) {
		return Float.toString(v);
	}

	/**
	 * Passes the NIfTI orientation properties of {@code from} to {@code to} when {@code to} has
	 * none and the same x, y, z size (e.g. a mask computed from a NIfTI volume).
	 */
	public static void copyOrientation(ImagePlus from, ImagePlus to) {
		if (from == null || to == null || from == to || from.getProp(PREFIX + "dim") == null || to.getProp(PREFIX + "dim") != null)
			return;
		if (from.getWidth() != to.getWidth() || from.getHeight() != to.getHeight() || from.getNSlices() != to.getNSlices())
			return;
		for (String k : KEPT)
			if (!k.equals("datatype") && !k.startsWith("intent") && from.getProp(PREFIX + k) != null)
				to.setProp(PREFIX + k, from.getProp(PREFIX + k));
	}

	// ------------------------------------------------------------------ writing

	/** Writes {@code imp} to {@code file}, gzip-compressed when the name ends in .gz. Not atomic: see ImageFiles.save. */
	public static void write(ImagePlus imp, Path file) throws IOException {
		write(imp, file, file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz"));
	}

	/** Writes {@code imp} to {@code file}, gzip-compressed when {@code gz}. Not atomic: see ImageFiles. */
	public static void write(ImagePlus imp, Path file, boolean gz) throws IOException {
		try (OutputStream os = Files.newOutputStream(file)) {
			if (gz) {
				// level 1 (nibabel's default too): level 6 is ~25x slower on float volumes for 10% smaller files
				GZIPOutputStream g = new GZIPOutputStream(os, 1 << 16) {
					{
						def.setLevel(java.util.zip.Deflater.BEST_SPEED);
					}
				};
				OutputStream out = new BufferedOutputStream(g, 1 << 16);
				write(imp, out);
				out.flush();
				g.finish();
			}
			else {
				OutputStream out = new BufferedOutputStream(os, 1 << 16);
				write(imp, out);
				out.flush();
			}
		}
	}

	/** Writes header, extension flag and voxels (little-endian) to {@code out}. */
	public static void write(ImagePlus imp, OutputStream out) throws IOException {
		NiftiHeader h = header(imp);
		out.write(h.toBytes());
		int nx = imp.getWidth(), ny = imp.getHeight(), nc = imp.getNChannels(), nz = imp.getNSlices(), nt = imp.getNFrames();
		ImageStack stack = imp.getStack();
		boolean signed16 = imp.getBitDepth() == 16 && imp.getCalibration().isSigned16Bit();
		int bpv = h.bitpix / 8;
		ByteBuffer bb = ByteBuffer.allocate(nx * ny * bpv).order(h.order);
		for (int c = 0; c < nc; c++)
			for (int t = 0; t < nt; t++)
				for (int z = 0; z < nz; z++) {
					Object pixels = stack.getPixels(1 + c + nc * (z + nz * t));
					bb.clear();
					for (int j = 0; j < ny; j++) {
						int o = (ny - 1 - j) * nx;
						if (pixels instanceof byte[] a)
							bb.put(a, o, nx);
						else if (pixels instanceof short[] a)
							for (int i = 0; i < nx; i++)
								bb.putShort((short) (signed16 ? (a[o + i] & 0xffff) - 32768 : a[o + i]));
						else if (pixels instanceof float[] a && h.datatype == NiftiHeader.DT_INT32)
							for (int i = 0; i < nx; i++)
								bb.putInt((int) a[o + i]);
						else if (pixels instanceof float[] a)
							for (int i = 0; i < nx; i++)
								bb.putFloat(a[o + i]);
						else if (pixels instanceof int[] a)
							for (int i = 0; i < nx; i++) {
								int v = a[o + i];
								bb.put((byte) (v >> 16)).put((byte) (v >> 8)).put((byte) v);
							}
						else
							throw new UsageException("Cannot write " + imp.getTitle() + " as NIfTI: unknown pixel type.");
					}
					out.write(bb.array(), 0, bb.position());
				}
	}

	/** The header {@link #write} writes for {@code imp}. */
	public static NiftiHeader header(ImagePlus imp) {
		NiftiHeader h = new NiftiHeader();
		int nx = imp.getWidth(), ny = imp.getHeight(), nc = imp.getNChannels(), nz = imp.getNSlices(), nt = imp.getNFrames();
		if (nx > Short.MAX_VALUE || ny > Short.MAX_VALUE || nz > Short.MAX_VALUE || nt > Short.MAX_VALUE || nc > Short.MAX_VALUE)
			throw new UsageException("Cannot write " + imp.getTitle() + " as NIfTI-1: a dimension is above 32767, NIfTI-1's limit. Write TIFF instead.");
		int ndim = nc > 1 ? 5 : nt > 1 ? 4 : nz > 1 ? 3 : 2;
		h.dim[0] = (short) ndim;
		int[] sizes = { nx, ny, nz, nt, nc };
		for (int i = 1; i <= 7; i++)
			h.dim[i] = (short) (i <= 5 ? sizes[i - 1] : 1);
		switch (imp.getBitDepth()) {
			case 8 -> h.datatype = NiftiHeader.DT_UINT8;
			case 16 -> h.datatype = imp.getCalibration().isSigned16Bit() || max16(imp) <= Short.MAX_VALUE ? NiftiHeader.DT_INT16 : NiftiHeader.DT_UINT16;
			case 24 -> h.datatype = NiftiHeader.DT_RGB24;
			default -> h.datatype = "true".equals(imp.getProp(LABELS_PROPERTY)) && integral(imp) ? NiftiHeader.DT_INT32 : NiftiHeader.DT_FLOAT32;
		}
		h.bitpix = (short) (8 * NiftiHeader.bytesPerVoxel(h.datatype));
		h.sclSlope = 1;
		h.sclInter = 0;
		h.voxOffset = NiftiHeader.VOX_OFFSET;
		Calibration cal = imp.getCalibration();
		double f = 1;
		int spaceUnit = 0;
		String u = cal.getUnit() == null ? "" : cal.getUnit().trim().toLowerCase(Locale.ROOT);
		switch (u) {
			case "mm", "millimeter", "millimetre", "millimeters" -> spaceUnit = NiftiHeader.UNITS_MM;
			case "cm", "centimeter" -> { spaceUnit = NiftiHeader.UNITS_MM; f = 10; }
			case "m", "meter", "metre" -> spaceUnit = NiftiHeader.UNITS_METER;
			case "micron", "microns", "um", "\u00b5m", "\u03bcm", "micrometer", "micrometre" -> spaceUnit = NiftiHeader.UNITS_MICRON;
			case "nm", "nanometer", "nanometre" -> { spaceUnit = NiftiHeader.UNITS_MICRON; f = 1e-3; }
			default -> {
			}
		}
		h.pixdim[0] = 1;
		h.pixdim[1] = (float) (cal.pixelWidth * f);
		h.pixdim[2] = (float) (cal.pixelHeight * f);
		h.pixdim[3] = (float) (cal.pixelDepth * f);
		int timeUnit = 0;
		h.pixdim[4] = 1;
		if (nt > 1 && cal.frameInterval > 0) {
			double tf = 1;
			switch (cal.getTimeUnit().trim().toLowerCase(Locale.ROOT)) {
				case "sec", "s", "second", "seconds" -> timeUnit = NiftiHeader.UNITS_SEC;
				case "ms", "msec" -> timeUnit = NiftiHeader.UNITS_MSEC;
				case "\u00b5s", "us", "usec" -> timeUnit = NiftiHeader.UNITS_USEC;
				case "min" -> { timeUnit = NiftiHeader.UNITS_SEC; tf = 60; }
				default -> {
				}
			}
			h.pixdim[4] = (float) (cal.frameInterval * tf);
		}
		h.pixdim[5] = 1;
		h.xyztUnits = (byte) (spaceUnit | timeUnit);
		if (imp.getBitDepth() != 24) {
			ImageProcessor ip = imp.getProcessor();
			double lo = ip.getMin(), hi = ip.getMax();
			if (imp.getBitDepth() == 16 && cal.isSigned16Bit()) {
				lo -= 32768;
				hi -= 32768;
			}
			if (hi > lo) {
				h.calMin = (float) lo;
				h.calMax = (float) hi;
			}
		}
		String descrip = imp.getProp(PREFIX + "descrip");
		h.descrip = descrip != null ? descrip : "SegmentIJ";
		if (matchesStoredGrid(imp)) {
			h.qformCode = (short) num(imp, "qform_code");
			h.sformCode = (short) num(imp, "sform_code");
			h.quaternB = num(imp, "quatern_b");
			h.quaternC = num(imp, "quatern_c");
			h.quaternD = num(imp, "quatern_d");
			h.qoffsetX = num(imp, "qoffset_x");
			h.qoffsetY = num(imp, "qoffset_y");
			h.qoffsetZ = num(imp, "qoffset_z");
			float qfac = num(imp, "qfac");
			h.pixdim[0] = qfac == -1 ? -1 : 1;
			for (int r = 0; r < 3; r++) {
				String[] v = imp.getProp(PREFIX + "srow_" + "xyz".charAt(r)).trim().split("\\s+");
				for (int k = 0; k < 4; k++)
					h.srow[4 * r + k] = Float.parseFloat(v[k]);
			}
			if (imp.getProp(PREFIX + "intent_code") != null) {
				h.intentCode = (short) num(imp, "intent_code");
				h.intentP1 = num(imp, "intent_p1");
				h.intentP2 = num(imp, "intent_p2");
				h.intentP3 = num(imp, "intent_p3");
				String in = imp.getProp(PREFIX + "intent_name");
				h.intentName = in == null ? "" : in;
			}
		}
		return h;
	}

	private static boolean matchesStoredGrid(ImagePlus imp) {
		String dim = imp.getProp(PREFIX + "dim");
		if (dim == null)
			return false;
		try {
			for (String k : new String[] { "qform_code", "sform_code", "quatern_b", "quatern_c", "quatern_d", "qoffset_x", "qoffset_y", "qoffset_z",
					"qfac" })
				num(imp, k);
			for (char r : "xyz".toCharArray())
				if (imp.getProp(PREFIX + "srow_" + r).trim().split("\\s+").length != 4)
					return false;
		}
		catch (RuntimeException e) {
			return false;
		}
		return dim.equals(imp.getWidth() + " " + imp.getHeight() + " " + imp.getNSlices());
	}

	private static float num(ImagePlus imp, String key) {
		return Float.parseFloat(imp.getProp(PREFIX + key).trim());
	}

	/** Property of SegmentIJ's label images (LabelImages.LABELS_PROPERTY): 32-bit ones are written as int32. */
	private static final String LABELS_PROPERTY = org.segmentij.image.LabelImages.LABELS_PROPERTY;

	private static boolean integral(ImagePlus imp) {
		ImageStack s = imp.getStack();
		for (int i = 1; i <= s.size(); i++)
			for (float v : (float[]) s.getPixels(i))
				if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
					return false;
		return true;
	}

	private static int max16(ImagePlus imp) {
		int max = 0;
		ImageStack s = imp.getStack();
		for (int i = 1; i <= s.size(); i++)
			for (short v : (short[]) s.getPixels(i))
				max = Math.max(max, v & 0xffff);
		return max;
	}

	private static int readFully(InputStream in, byte[] b) throws IOException {
		return in.readNBytes(b, 0, b.length);
	}
}
