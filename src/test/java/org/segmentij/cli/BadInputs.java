package org.segmentij.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import org.segmentij.io.DicomWriter;
import org.segmentij.io.Nifti;

import org.segmentij.service.Technique;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * The bad-input corpus, generated in code: images in memory (empty, 1x1, constant, NaN,
 * infinite, RGB, stacks, hyperstacks, more labels than 16 bits hold, ...) and files on disk
 * (empty, corrupt and truncated TIFF, NIfTI and DICOM, absurd declared dimensions, ...).
 * {@link BadInputCorpusTest} runs every technique and every command-line subcommand on them.
 */
final class BadInputs {

	private BadInputs() {
	}

	/**
	 * An image-shaped bad input: a fresh image on every call (so that a run cannot leak into
	 * the next), and the words one of which an error about it must contain.
	 */
	record ImageCase(String name, Supplier<ImagePlus> image, String keywords, java.util.function.Predicate<Technique> appliesTo) {
		ImageCase(String name, Supplier<ImagePlus> image, String keywords) {
			this(name, image, keywords, t -> true);
		}

		@Override
		public String toString() {
			return name;
		}
	}

	static final int W = 12, H = 10;

	/** A small 8-bit image with two bright blobs on a dark background, values 10..200. */
	static ByteProcessor blobs(int w, int h) {
		ByteProcessor bp = new ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double d1 = Math.hypot(x - w / 4.0, y - h / 2.0), d2 = Math.hypot(x - 3 * w / 4.0, y - h / 2.0);
				bp.set(x, y, d1 < w / 6.0 || d2 < w / 6.0 ? 200 : 10 + (x + y) % 7);
			}
		return bp;
	}

	static FloatProcessor blobsFloat(int w, int h) {
		return (FloatProcessor) blobs(w, h).convertToFloat();
	}

	private static ImagePlus stack(String title, int c, int z, int t) {
		ImageStack s = new ImageStack(W, H);
		for (int i = 0; i < c * z * t; i++) {
			ByteProcessor bp = blobs(W, H);
			bp.add(i * 3);
			s.addSlice("", bp);
		}
		ImagePlus imp = new ImagePlus(title, s);
		imp.setDimensions(c, z, t);
		if (c > 1 || t > 1)
			imp.setOpenAsHyperStack(true);
		return imp;
	}

	/** The image-shaped corpus, run through every technique. */
	static List<ImageCase> images() {
		List<ImageCase> l = new ArrayList<>();
		l.add(new ImageCase("empty image (no pixels)", ImagePlus::new, "empty|no pixels|no input"));
		l.add(new ImageCase("1x1 8-bit", () -> {
			ByteProcessor bp = new ByteProcessor(1, 1);
			bp.set(0, 0, 7);
			return new ImagePlus("one", bp);
		}, "1x1|too small|pixel|size|at least"));
		l.add(new ImageCase("1x1 RGB", () -> {
			ColorProcessor cp = new ColorProcessor(1, 1);
			cp.set(0, 0, 0x306090);
			return new ImagePlus("one-rgb", cp);
		}, "1x1|too small|pixel|size|RGB|at least"));
		l.add(new ImageCase("1 row 16-bit (40x1)", () -> {
			ShortProcessor sp = new ShortProcessor(40, 1);
			for (int x = 0; x < 40; x++)
				sp.set(x, 0, x < 20 ? 100 : 3000);
			return new ImagePlus("row", sp);
		}, "too small|pixel|size|row|at least|height"));
		l.add(new ImageCase("constant 16-bit", () -> {
			ShortProcessor sp = new ShortProcessor(W, H);
			sp.set(1000);
			return new ImagePlus("const16", sp);
		}, "constant|uniform|flat|single value|one value"));
		l.add(new ImageCase("all-zero 8-bit", () -> new ImagePlus("zero8", new ByteProcessor(W, H)), "constant|uniform|empty|zero|no object|no label"));
		l.add(new ImageCase("float with NaN pixels", () -> {
			FloatProcessor fp = blobsFloat(W, H);
			fp.setf(0, 0, Float.NaN);
			fp.setf(5, 5, Float.NaN);
			fp.setf(W - 1, H - 1, Float.NaN);
			return new ImagePlus("nan", fp);
		}, "NaN|finite|not a number"));
		l.add(new ImageCase("all-NaN float", () -> {
			FloatProcessor fp = new FloatProcessor(W, H);
			fp.set(Double.NaN);
			return new ImagePlus("allnan", fp);
		}, "NaN|finite|not a number"));
		l.add(new ImageCase("float with +-Infinity", () -> {
			FloatProcessor fp = blobsFloat(W, H);
			fp.setf(1, 1, Float.POSITIVE_INFINITY);
			fp.setf(2, 7, Float.NEGATIVE_INFINITY);
			return new ImagePlus("inf", fp);
		}, "Inf|finite"));
		l.add(new ImageCase("float near +-Float.MAX", () -> {
			FloatProcessor fp = blobsFloat(W, H);
			fp.setf(0, 0, -3e38f);
			fp.setf(3, 3, 3e38f);
			return new ImagePlus("huge", fp);
		}, "range|finite|large|label"));
		l.add(new ImageCase("negative float", () -> {
			FloatProcessor fp = blobsFloat(W, H);
			fp.multiply(-1);
			return new ImagePlus("neg", fp);
		}, "negative|label"));
		l.add(new ImageCase("16-bit extremes 0 and 65535", () -> {
			ShortProcessor sp = new ShortProcessor(W, H);
			for (int i = 0; i < W * H; i++)
				sp.set(i, i % 3 == 0 ? 65535 : 0);
			return new ImagePlus("ext16", sp);
		}, "range"));
		l.add(new ImageCase("RGB where gray is expected", () -> {
			ColorProcessor cp = new ColorProcessor(W, H);
			ByteProcessor b = blobs(W, H);
			for (int i = 0; i < W * H; i++)
				cp.set(i, (b.get(i) << 16) | ((255 - b.get(i)) << 8) | (b.get(i) / 2));
			return new ImagePlus("rgb", cp);
		}, "RGB|colour|color|gray|grey"));
		l.add(new ImageCase("3D stack where 2D is expected", () -> stack("stack", 1, 3, 1), "2D|3D|stack|slice"));
		l.add(new ImageCase("2-channel image", () -> stack("twochan", 2, 1, 1), "channel"));
		l.add(new ImageCase("5D hyperstack c2 z2 t2", () -> stack("hyper", 2, 2, 2), "channel|frame|2D|3D|stack|time"));
		// a label image: for the techniques that take labels (or masks) in
		l.add(new ImageCase("70225 labels (> 65535) in 32-bit", BadInputs::manyLabels, "label|65535|too many",
				t -> t.group().equals("Instance") || t.group().equals("Regions")));
		return l;
	}

	/** A 265x265 float label image where every pixel is its own object: 70225 labels. */
	static ImagePlus manyLabels() {
		int n = 265;
		FloatProcessor fp = new FloatProcessor(n, n);
		for (int i = 0; i < n * n; i++)
			fp.setf(i, i + 1);
		return new ImagePlus("manylabels", fp);
	}

	/** A mask whose 4-connected components number more than 65535: isolated pixels on a 2-pixel grid. */
	static ImagePlus manyComponentsMask() {
		int n = 530; // 265^2 = 70225 isolated pixels
		ByteProcessor bp = new ByteProcessor(n, n);
		for (int y = 0; y < n; y += 2)
			for (int x = 0; x < n; x += 2)
				bp.set(x, y, 255);
		return new ImagePlus("dots", bp);
	}

	// ---------------------------------------------------------------------------------------------
	// files

	/** A file-shaped bad input: its bytes (or a folder), and the words one of which the error must contain. */
	record FileCase(String name, String fileName, Writer writer, String keywords) {
		@Override
		public String toString() {
			return name;
		}

		/** Writes the case under dir; returns the path to give to -i. */
		Path create(Path dir) throws IOException {
			Path p = dir.resolve(fileName);
			writer.write(p);
			return p;
		}
	}

	interface Writer {
		void write(Path p) throws IOException;
	}

	static Writer bytes(byte[] b) {
		return p -> Files.write(p, b);
	}

	/** A minimal little-endian baseline TIFF: one strip, one sample per pixel. */
	static byte[] tiff(int width, int height, int bits, int sampleFormat, byte[] data) {
		int nTags = 10;
		int ifd = 8, dataOffset = ifd + 2 + nTags * 12 + 4;
		ByteBuffer b = ByteBuffer.allocate(dataOffset + data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		b.putShort((short) nTags);
		tag(b, 256, 4, width); // ImageWidth LONG
		tag(b, 257, 4, height); // ImageLength
		tag(b, 258, 3, bits); // BitsPerSample SHORT
		tag(b, 259, 3, 1); // Compression none
		tag(b, 262, 3, 1); // BlackIsZero
		tag(b, 273, 4, dataOffset); // StripOffsets
		tag(b, 277, 3, 1); // SamplesPerPixel
		tag(b, 278, 4, height); // RowsPerStrip
		tag(b, 279, 4, data.length == 0 ? (int) ((long) width * height * bits / 8) : data.length); // StripByteCounts
		tag(b, 339, 3, sampleFormat); // SampleFormat
		b.putInt(0);
		b.put(data);
		return b.array();
	}

	private static void tag(ByteBuffer b, int tag, int type, int value) {
		b.putShort((short) tag).putShort((short) type).putInt(1);
		if (type == 3)
			b.putShort((short) value).putShort((short) 0);
		else
			b.putInt(value);
	}

	static byte[] validTiff(int w, int h) throws IOException {
		Path t = Files.createTempFile("corpus", ".tif");
		try {
			new FileSaver(new ImagePlus("v", blobs(w, h))).saveAsTiff(t.toString());
			return Files.readAllBytes(t);
		}
		finally {
			Files.deleteIfExists(t);
		}
	}

	/** An ImageJ TIFF stack of two 64x64 planes whose description is rewritten to claim 9 images and 9 slices. */
	static byte[] tiffClaimingMoreSlices() throws IOException {
		Path t = Files.createTempFile("corpus", ".tif");
		try {
			ImageStack s = new ImageStack(64, 64);
			s.addSlice(blobs(64, 64));
			s.addSlice(blobs(64, 64));
			new FileSaver(new ImagePlus("s", s)).saveAsTiffStack(t.toString());
			byte[] b = Files.readAllBytes(t);
			String text = new String(b, StandardCharsets.ISO_8859_1);
			int i = text.indexOf("images=2"), j = text.indexOf("slices=2");
			if (i < 0 || j < 0)
				throw new IOException("no ImageJ description written");
			b[i + 7] = '9'; // same length: every offset stays valid
			b[j + 7] = '9';
			return b;
		}
		finally {
			Files.deleteIfExists(t);
		}
	}

	/** An ImageJ TIFF stack of five 32x24 planes. */
	static byte[] tiffStack() throws IOException {
		Path t = Files.createTempFile("corpus", ".tif");
		try {
			ImageStack s = new ImageStack(32, 24);
			for (int i = 0; i < 5; i++)
				s.addSlice(blobs(32, 24));
			new FileSaver(new ImagePlus("s", s)).saveAsTiffStack(t.toString());
			return Files.readAllBytes(t);
		}
		finally {
			Files.deleteIfExists(t);
		}
	}

	static byte[] niftiHeaderOnly(short[] dims, short datatype, short bitpix) {
		NiftiBytes h = new NiftiBytes(dims, datatype, bitpix);
		return h.bytes(new byte[0]);
	}

	/** A NIfTI-1 single file written byte by byte, with whatever header values a case needs. */
	static final class NiftiBytes {
		final short[] dim;
		short datatype, bitpix;
		int sizeofHdr = 348;
		float voxOffset = 352;
		String magic = "n+1";

		NiftiBytes(short[] dims, short datatype, short bitpix) {
			this.dim = dims;
			this.datatype = datatype;
			this.bitpix = bitpix;
		}

		byte[] bytes(byte[] data) {
			ByteBuffer b = ByteBuffer.allocate(352 + data.length).order(ByteOrder.LITTLE_ENDIAN);
			b.putInt(0, sizeofHdr);
			for (int i = 0; i < 8; i++)
				b.putShort(40 + 2 * i, i < dim.length ? dim[i] : 1);
			b.putShort(70, datatype);
			b.putShort(72, bitpix);
			for (int i = 0; i < 8; i++)
				b.putFloat(76 + 4 * i, 1f); // pixdim
			b.putFloat(108, voxOffset);
			b.putFloat(112, 1f); // scl_slope
			byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 4; i++)
				b.put(344 + i, i < m.length ? m[i] : 0);
			b.position(352);
			b.put(data);
			return b.array();
		}
	}

	static byte[] gzip(byte[] b) throws IOException {
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
			gz.write(b);
		}
		return bo.toByteArray();
	}

	static byte[] validNifti(int w, int h, int d) throws IOException {
		ImageStack s = new ImageStack(w, h);
		for (int z = 0; z < d; z++)
			s.addSlice(blobs(w, h));
		Path t = Files.createTempFile("corpus", ".nii");
		try {
			Nifti.write(new ImagePlus("n", s), t);
			return Files.readAllBytes(t);
		}
		finally {
			Files.deleteIfExists(t);
		}
	}

	static byte[] dicom(int rows, int cols) throws IOException {
		short[] px = new short[rows * cols];
		for (int i = 0; i < px.length; i++)
			px[i] = (short) (i * 37 % 1000);
		return DicomWriter.slice("1.2.3", "1.2.3.1", 1, new double[] { 0, 0, 0 }, "0.5\\0.5", rows, cols, px);
	}

	/** A DICOM file of 4x4 pixels whose Rows and Columns are rewritten to claim 30000 x 30000. */
	static byte[] dicomAbsurdSize() throws IOException {
		byte[] b = dicom(4, 4);
		patchUs(b, 0x0028, 0x0010, 30000);
		patchUs(b, 0x0028, 0x0011, 30000);
		return b;
	}

	private static void patchUs(byte[] b, int group, int element, int value) {
		byte[] pattern = { (byte) group, (byte) (group >> 8), (byte) element, (byte) (element >> 8), 2, 0, 0, 0 };
		for (int i = 0; i + pattern.length + 2 <= b.length; i++)
			if (Arrays.equals(Arrays.copyOfRange(b, i, i + pattern.length), pattern)) {
				b[i + 8] = (byte) value;
				b[i + 9] = (byte) (value >> 8);
				return;
			}
		throw new IllegalStateException("tag not found");
	}

	static byte[] truncate(byte[] b, int keep) {
		return Arrays.copyOf(b, Math.min(keep, b.length));
	}

	/** The file-shaped corpus: each is given as -i to run, batch (in a folder), bench and eval. */
	static List<FileCase> files() throws IOException {
		Map<String, FileCase> m = new LinkedHashMap<>();
		List<FileCase> l = new ArrayList<>();
		byte[] tif = validTiff(32, 24);
		byte[] nii = validNifti(16, 12, 3);
		byte[] dcm = dicom(16, 16);
		l.add(new FileCase("missing file", "missing.tif", p -> {
		}, "not found"));
		l.add(new FileCase("empty .tif (0 bytes)", "empty.tif", bytes(new byte[0]), "empty|0 bytes|corrupt|truncated|Cannot open"));
		l.add(new FileCase("text file named .tif", "notes.tif", bytes("this is not an image\n".getBytes(StandardCharsets.UTF_8)),
				"corrupt|not a|Cannot open"));
		l.add(new FileCase("TIFF header then garbage", "garbage.tif",
				bytes(new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }), "corrupt|truncated|Cannot open"));
		l.add(new FileCase("truncated TIFF (half the pixels)", "truncated.tif", bytes(truncate(tif, tif.length - 32 * 24 / 2)),
				"truncated|corrupt|ends early|short"));
		byte[] stack = tiffStack();
		l.add(new FileCase("truncated TIFF stack (3 of 5 planes)", "truncated-stack.tif", bytes(truncate(stack, stack.length - 2 * 32 * 24 - 300)),
				"truncated"));
		l.add(new FileCase("truncated TIFF (header only)", "header-only.tif", bytes(truncate(tif, 12)), "truncated|corrupt|Cannot open"));
		l.add(new FileCase("TIFF claiming 100000x100000 16-bit", "absurd.tif", bytes(tiff(100000, 100000, 16, 1, new byte[32])),
				"too large|truncated|corrupt|dimensions|ends early"));
		l.add(new FileCase("TIFF claiming 0x10", "zerowidth.tif", bytes(tiff(0, 10, 8, 1, new byte[10])), "empty|no pixels|corrupt|Cannot open|width"));
		l.add(new FileCase("TIFF whose pixels start past the end", "offset.tif", bytes(tiffWithOffset(4, 4, 1_000_000)), "truncated"));
		l.add(new FileCase("TIFF claiming 30000x30000 in a 16-byte strip", "strip.tif", bytes(tiff(30000, 30000, 8, 1, new byte[16])),
				"corrupt|strips"));
		l.add(new FileCase("ImageJ TIFF whose description claims 9 slices of 2", "claims-stack.tif", bytes(tiffClaimingMoreSlices()),
				"truncated|corrupt|ends early|slices"));
		l.add(new FileCase("empty .nii", "empty.nii", bytes(new byte[0]), "348|truncated|NIfTI"));
		l.add(new FileCase("NIfTI with wrong sizeof_hdr", "badhdr.nii", bytes(niftiBad(n -> n.sizeofHdr = 123)), "sizeof_hdr|NIfTI"));
		l.add(new FileCase("NIfTI with bad magic", "badmagic.nii", bytes(niftiBad(n -> n.magic = "xyz")), "magic"));
		l.add(new FileCase("truncated NIfTI (half the voxels)", "truncated.nii", bytes(truncate(nii, 352 + (nii.length - 352) / 2)),
				"truncated|ends early|short|only"));
		l.add(new FileCase("NIfTI claiming 32767^3 voxels", "absurd.nii",
				bytes(niftiHeaderOnly(new short[] { 3, 32767, 32767, 32767, 1, 1, 1, 1 }, (short) 4, (short) 16)),
				"too large|too many|truncated|ends early|shorter"));
		l.add(new FileCase("NIfTI with dim[0] = 0", "dim0.nii", bytes(niftiHeaderOnly(new short[] { 0, 4, 4, 1, 1, 1, 1, 1 }, (short) 2, (short) 8)),
				"dim"));
		l.add(new FileCase("NIfTI with a negative dimension", "negdim.nii",
				bytes(niftiHeaderOnly(new short[] { 3, 4, -4, 1, 1, 1, 1, 1 }, (short) 2, (short) 8)), "dim"));
		l.add(new FileCase("NIfTI with complex datatype", "complex.nii",
				bytes(niftiHeaderOnly(new short[] { 2, 4, 4, 1, 1, 1, 1, 1 }, (short) 32, (short) 64)), "datatype|supported"));
		l.add(new FileCase("NIfTI with vox_offset past the end", "voxoffset.nii", bytes(niftiBad(n -> n.voxOffset = 1e9f)),
				"vox|shorter|truncated|ends early"));
		l.add(new FileCase(".nii.gz of random bytes", "random.nii.gz", bytes(random(600)), "gzip|corrupt|NIfTI"));
		l.add(new FileCase(".nii of random bytes", "random.nii", bytes(random(600)), "NIfTI"));
		l.add(new FileCase("truncated .nii.gz", "truncated.nii.gz", bytes(truncate(gzip(nii), gzip(nii).length / 2)),
				"truncated|corrupt|ends early|gzip"));
		l.add(new FileCase("empty .dcm", "empty.dcm", bytes(new byte[0]), "DICOM|corrupt|Cannot open|empty"));
		l.add(new FileCase("truncated DICOM (in the pixel data)", "truncated.dcm", bytes(truncate(dcm, dcm.length - 200)),
				"truncated|corrupt|DICOM|ends early"));
		l.add(new FileCase("DICOM marker then garbage", "garbage.dcm", bytes(dicomGarbage()), "DICOM|corrupt|Cannot open"));
		l.add(new FileCase("DICOM claiming 30000x30000", "absurd.dcm", bytes(dicomAbsurdSize()), "too large|truncated|corrupt|DICOM|ends early"));
		l.add(new FileCase("DICOM folder with a corrupt slice", "dicom-series", p -> {
			Files.createDirectories(p);
			Files.write(p.resolve("s1.dcm"), dcm);
			Files.write(p.resolve("s2.dcm"), truncate(dcm, 200));
		}, "DICOM|corrupt|truncated"));
		l.add(new FileCase("folder without images", "nothing-here", p -> {
			Files.createDirectories(p);
			Files.writeString(p.resolve("readme.txt"), "no images");
		}, "folder|no image|DICOM"));
		byte[] png = pngOf(blobs(32, 24));
		l.add(new FileCase("truncated PNG", "truncated.png", bytes(truncate(png, png.length / 2)), "truncated|corrupt|Cannot open"));
		l.add(new FileCase("JPEG marker then garbage", "garbage.jpg", bytes(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 3, 1 }),
				"corrupt|truncated|Cannot open"));
		for (FileCase c : l)
			m.put(c.name(), c);
		return List.copyOf(m.values());
	}

	/** The TIFF of {@link #tiff} with its StripOffsets value replaced. */
	static byte[] tiffWithOffset(int w, int h, int offset) {
		byte[] b = tiff(w, h, 8, 1, new byte[w * h]);
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 10; i + 12 <= b.length; i += 12)
			if (bb.getShort(i) == 273) {
				bb.putInt(i + 8, offset);
				return b;
			}
		throw new IllegalStateException("no StripOffsets");
	}

	static byte[] random(int n) {
		byte[] b = new byte[n];
		new java.util.Random(n).nextBytes(b);
		return b;
	}

	private static byte[] niftiBad(java.util.function.Consumer<NiftiBytes> edit) {
		NiftiBytes n = new NiftiBytes(new short[] { 2, 4, 4, 1, 1, 1, 1, 1 }, (short) 2, (short) 8);
		edit.accept(n);
		return n.bytes(new byte[16]);
	}

	private static byte[] dicomGarbage() {
		byte[] b = new byte[128 + 4 + 64];
		System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, b, 128, 4);
		for (int i = 132; i < b.length; i++)
			b[i] = (byte) (i * 91);
		return b;
	}

	static byte[] pngOf(ByteProcessor bp) throws IOException {
		Path t = Files.createTempFile("corpus", ".png");
		try {
			new FileSaver(new ImagePlus("p", bp)).saveAsPng(t.toString());
			return Files.readAllBytes(t);
		}
		finally {
			Files.deleteIfExists(t);
		}
	}
}
