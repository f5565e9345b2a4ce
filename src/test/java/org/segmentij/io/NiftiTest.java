package org.segmentij.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.segmentij.InputException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * NIfTI-1 reading and writing. The oracle for the reader is a file laid out in this test byte by
 * byte at the offsets of the NIfTI-1 specification (nifti1.h), not by our header class; the writer
 * is checked the same way (its bytes read back at the spec's offsets) and by round trips.
 */
class NiftiTest {

	@TempDir
	Path tmp;

	/** A NIfTI-1 file per nifti1.h: 348-byte header, 4 zero extension bytes, voxels at 352. */
	static final class Spec {
		ByteOrder order = ByteOrder.LITTLE_ENDIAN;
		short[] dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
		short datatype, bitpix;
		float[] pixdim = { 1, 1, 1, 1, 1, 1, 1, 1 };
		float sclSlope = 1, sclInter = 0;
		byte xyztUnits;
		short qformCode, sformCode, intentCode;
		float[] quatern = new float[6]; // b, c, d, qoffset x, y, z
		float[] srow = new float[12];
		String magic = "n+1";
		int sizeofHdr = 348;
		byte[] voxels = new byte[0];

		byte[] bytes() {
			ByteBuffer b = ByteBuffer.allocate(352 + voxels.length).order(order);
			b.putInt(0, sizeofHdr); // sizeof_hdr
			for (int i = 0; i < 8; i++)
				b.putShort(40 + 2 * i, dim[i]); // dim[8]
			b.putShort(68, intentCode);
			b.putShort(70, datatype);
			b.putShort(72, bitpix);
			for (int i = 0; i < 8; i++)
				b.putFloat(76 + 4 * i, pixdim[i]);
			b.putFloat(108, 352f); // vox_offset
			b.putFloat(112, sclSlope);
			b.putFloat(116, sclInter);
			b.put(123, xyztUnits);
			byte[] d = "test volume".getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < d.length; i++)
				b.put(148 + i, d[i]); // descrip
			b.putShort(252, qformCode);
			b.putShort(254, sformCode);
			for (int i = 0; i < 6; i++)
				b.putFloat(256 + 4 * i, quatern[i]);
			for (int i = 0; i < 12; i++)
				b.putFloat(280 + 4 * i, srow[i]);
			byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < m.length; i++)
				b.put(344 + i, m[i]);
			b.position(352);
			b.put(voxels);
			return b.array();
		}
	}

	private Path write(String name, byte[] content) throws IOException {
		Path p = tmp.resolve(name);
		Files.write(p, content);
		return p;
	}

	private static byte[] gzip(byte[] b) throws IOException {
		ByteArrayOutputStream bo = new ByteArrayOutputStream();
		try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
			g.write(b);
		}
		return bo.toByteArray();
	}

	/** A distinct value for each voxel: fits int16 and can be negative. */
	static int value(int x, int y, int z, int t, int c) {
		return x + 10 * y + 100 * z + 1000 * t + 3000 * c - 7;
	}

	/** int16 voxels in file order (x fastest, then y, z, t, c). */
	static byte[] int16Voxels(ByteOrder order, int nx, int ny, int nz, int nt, int nc) {
		ByteBuffer b = ByteBuffer.allocate(2 * nx * ny * nz * nt * nc).order(order);
		for (int c = 0; c < nc; c++)
			for (int t = 0; t < nt; t++)
				for (int z = 0; z < nz; z++)
					for (int y = 0; y < ny; y++)
						for (int x = 0; x < nx; x++)
							b.putShort((short) value(x, y, z, t, c));
		return b.array();
	}

	@ParameterizedTest
	@ValueSource(strings = { "LITTLE_ENDIAN", "BIG_ENDIAN" })
	void handWrittenInt16HeaderIsReadInBothByteOrders(String orderName) throws IOException {
		ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		Spec s = new Spec();
		s.order = order;
		s.dim = new short[] { 3, 4, 3, 2, 1, 1, 1, 1 };
		s.datatype = 4;
		s.bitpix = 16;
		s.pixdim = new float[] { -1, 0.5f, 0.75f, 2.5f, 1, 1, 1, 1 };
		s.xyztUnits = 2; // mm
		s.qformCode = 1;
		s.sformCode = 2;
		s.quatern = new float[] { 0.1f, -0.2f, 0.3f, -90.5f, 120.25f, -60f };
		s.srow = new float[] { -0.5f, 0, 0, 90.5f, 0, 0.75f, 0, -126.1f, 0, 0, 2.5f, -72.3f };
		s.voxels = int16Voxels(order, 4, 3, 2, 1, 1);
		Path f = write("hand.nii", s.bytes());

		ImagePlus imp = Nifti.read(f);
		assertEquals(4, imp.getWidth());
		assertEquals(3, imp.getHeight());
		assertEquals(2, imp.getNSlices());
		assertEquals(32, imp.getBitDepth(), "int16 with negative values is read as 32-bit float");
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 4; x++) // row y of the ImagePlus is file row ny-1-y
					assertEquals(value(x, 2 - y, z, 0, 0), imp.getStack().getProcessor(z + 1).getf(x, y), 0);
		Calibration cal = imp.getCalibration();
		assertEquals(0.5, cal.pixelWidth, 0);
		assertEquals(0.75, cal.pixelHeight, 0);
		assertEquals(2.5, cal.pixelDepth, 0);
		assertEquals("mm", cal.getUnit());
		assertEquals("1", imp.getProp("NIfTI.qform_code"));
		assertEquals("2", imp.getProp("NIfTI.sform_code"));
		assertEquals(0.3f, Float.parseFloat(imp.getProp("NIfTI.quatern_d")));
		assertEquals(-90.5f, Float.parseFloat(imp.getProp("NIfTI.qoffset_x")));
		assertEquals(-1f, Float.parseFloat(imp.getProp("NIfTI.qfac")));
		assertEquals("test volume", imp.getProp("NIfTI.descrip"));
		assertTrue(((String) imp.getProperty("Info")).contains("qform_code = 1"), (String) imp.getProperty("Info"));

		// written back: the orientation fields are the same bits at the spec's offsets
		Path back = tmp.resolve("back.nii");
		Nifti.write(imp, back);
		byte[] a = s.bytes(), b = Files.readAllBytes(back);
		ByteBuffer ba = ByteBuffer.wrap(a).order(order), bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(ba.getShort(252), bb.getShort(252), "qform_code");
		assertEquals(ba.getShort(254), bb.getShort(254), "sform_code");
		for (int off = 256; off < 328; off += 4)
			assertEquals(ba.getFloat(off), bb.getFloat(off), "float at byte " + off);
		assertEquals(ba.getFloat(76), bb.getFloat(76), "qfac = pixdim[0]");
		for (int i = 1; i <= 3; i++)
			assertEquals(ba.getFloat(76 + 4 * i), bb.getFloat(76 + 4 * i), "pixdim[" + i + "]");
		assertEquals(2, bb.get(123), "xyzt_units mm");
		// values: written as float32 (the image is 32-bit), same numbers in the same file positions
		assertEquals(16, bb.getShort(70));
		for (int i = 0; i < 4 * 3 * 2; i++)
			assertEquals(ba.getShort(352 + 2 * i), bb.getFloat(352 + 4 * i), 0, "voxel " + i);
	}

	@Test
	void nonNegativeIntegersStayIntegerTypes() throws IOException {
		// int16 without negatives -> 16-bit; int32 labels up to 65535 -> 16-bit; larger int32 -> float
		Spec s = new Spec();
		s.dim = new short[] { 2, 3, 2, 1, 1, 1, 1, 1 };
		s.datatype = 4;
		s.bitpix = 16;
		ByteBuffer v = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < 6; i++)
			v.putShort((short) (32767 - i));
		s.voxels = v.array();
		ImagePlus a = Nifti.read(write("pos16.nii", s.bytes()));
		assertEquals(16, a.getBitDepth());
		assertEquals(32767 - 3, a.getProcessor().get(0, 0), "file row 1 is ImageJ row 0");

		s.datatype = 8;
		s.bitpix = 32;
		v = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < 6; i++)
			v.putInt(65535 - i);
		s.voxels = v.array();
		ImagePlus b = Nifti.read(write("labels32.nii", s.bytes()));
		assertEquals(16, b.getBitDepth());
		assertEquals(65535, b.getProcessor().get(0, 1));

		v.putInt(0, 70000);
		s.voxels = v.array();
		ImagePlus c = Nifti.read(write("big32.nii", s.bytes()));
		assertEquals(32, c.getBitDepth());
		assertEquals(70000f, c.getProcessor().getf(0, 1));

		s.datatype = 768; // uint32 above 2^31
		v.putInt(0, 0xF0000000);
		s.voxels = v.array();
		ImagePlus d = Nifti.read(write("u32.nii", s.bytes()));
		assertEquals((float) 0xF0000000L, d.getProcessor().getf(0, 1));
	}

	@Test
	void everyDatatypeDecodes() throws IOException {
		int nx = 3, ny = 2;
		double[] vals = { 0, 1, 7, 100, 120, 127 };
		for (short dt : new short[] { 2, 256, 4, 512, 8, 768, 16, 64 }) {
			int bytes = switch (dt) {
				case 2, 256 -> 1;
				case 4, 512 -> 2;
				case 64 -> 8;
				default -> 4;
			};
			ByteBuffer v = ByteBuffer.allocate(bytes * 6).order(ByteOrder.BIG_ENDIAN);
			for (double x : vals)
				switch (dt) {
					case 2, 256 -> v.put((byte) x);
					case 4, 512 -> v.putShort((short) x);
					case 8, 768 -> v.putInt((int) x);
					case 16 -> v.putFloat((float) x);
					default -> v.putDouble(x);
				}
			Spec s = new Spec();
			s.order = ByteOrder.BIG_ENDIAN;
			s.dim = new short[] { 2, (short) nx, (short) ny, 1, 1, 1, 1, 1 };
			s.datatype = dt;
			s.bitpix = (short) (8 * bytes);
			s.voxels = v.array();
			ImagePlus imp = Nifti.read(write("dt" + dt + ".nii", s.bytes()));
			int expectedDepth = switch (dt) {
				case 2, 256 -> 8;
				case 4, 512, 8, 768 -> 16;
				default -> 32;
			};
			assertEquals(expectedDepth, imp.getBitDepth(), "datatype " + dt);
			for (int i = 0; i < 6; i++)
				assertEquals(vals[i], imp.getProcessor().getf(i % nx, ny - 1 - i / nx), 0, "datatype " + dt + " voxel " + i);
		}
	}

	@Test
	void rgb24AndInt8() throws IOException {
		Spec s = new Spec();
		s.dim = new short[] { 2, 2, 1, 1, 1, 1, 1, 1 };
		s.datatype = 128;
		s.bitpix = 24;
		s.voxels = new byte[] { 10, 20, 30, (byte) 200, (byte) 210, (byte) 220 };
		ImagePlus rgb = Nifti.read(write("rgb.nii", s.bytes()));
		assertEquals(24, rgb.getBitDepth());
		assertEquals(0x0a141e, rgb.getProcessor().get(0, 0) & 0xffffff);
		assertEquals(0xc8d2dc, rgb.getProcessor().get(1, 0) & 0xffffff);
		Path back = tmp.resolve("rgb2.nii");
		Nifti.write(rgb, back);
		assertArrayEquals(s.voxels, Arrays.copyOfRange(Files.readAllBytes(back), 352, 358));

		s.datatype = 256;
		s.bitpix = 8;
		s.voxels = new byte[] { -128, 127 };
		ImagePlus i8 = Nifti.read(write("i8.nii", s.bytes()));
		assertEquals(32, i8.getBitDepth());
		assertEquals(-128f, i8.getProcessor().getf(0, 0));
		assertEquals(127f, i8.getProcessor().getf(1, 0));
	}

	@Test
	void sclSlopeAndInterceptAreApplied() throws IOException {
		Spec s = new Spec();
		s.dim = new short[] { 2, 3, 1, 1, 1, 1, 1, 1 };
		s.datatype = 2;
		s.bitpix = 8;
		s.sclSlope = 0.5f;
		s.sclInter = -10f;
		s.voxels = new byte[] { 0, 20, (byte) 255 };
		ImagePlus imp = Nifti.read(write("scaled.nii", s.bytes()));
		assertEquals(32, imp.getBitDepth());
		assertEquals(-10f, imp.getProcessor().getf(0, 0));
		assertEquals(0f, imp.getProcessor().getf(1, 0));
		assertEquals(117.5f, imp.getProcessor().getf(2, 0));
		// slope 0 means "no scaling"
		s.sclSlope = 0;
		s.sclInter = 0;
		assertEquals(8, Nifti.read(write("unscaled.nii", s.bytes())).getBitDepth());
	}

	@Test
	void fiveDimensionsBecomeChannelsSlicesFrames() throws IOException {
		int nx = 3, ny = 2, nz = 2, nt = 3, nc = 2;
		Spec s = new Spec();
		s.dim = new short[] { 5, (short) nx, (short) ny, (short) nz, (short) nt, (short) nc, 1, 1 };
		s.datatype = 4;
		s.bitpix = 16;
		s.pixdim = new float[] { 1, 2, 2, 3, 0.25f, 1, 1, 1 };
		s.xyztUnits = 3 | 16; // micron, msec
		s.voxels = int16Voxels(ByteOrder.LITTLE_ENDIAN, nx, ny, nz, nt, nc);
		ImagePlus imp = Nifti.read(write("five.nii.gz", gzip(s.bytes())));
		assertEquals(nc, imp.getNChannels());
		assertEquals(nz, imp.getNSlices());
		assertEquals(nt, imp.getNFrames());
		assertTrue(imp.isHyperStack());
		for (int c = 0; c < nc; c++)
			for (int z = 0; z < nz; z++)
				for (int t = 0; t < nt; t++)
					for (int y = 0; y < ny; y++)
						for (int x = 0; x < nx; x++)
							assertEquals(value(x, ny - 1 - y, z, t, c), imp.getStack().getProcessor(imp.getStackIndex(c + 1, z + 1, t + 1)).getf(x, y), 0);
		assertEquals("micron", imp.getCalibration().getUnit());
		assertEquals(3, imp.getCalibration().pixelDepth, 0);
		assertEquals(0.25, imp.getCalibration().frameInterval, 0);
		assertEquals("ms", imp.getCalibration().getTimeUnit());

		// round trip: the same file bytes for the voxels (int16 again: negatives came back as float)
		Path back = tmp.resolve("five2.nii.gz");
		Nifti.write(imp, back);
		byte[] raw;
		try (GZIPInputStream g = new GZIPInputStream(Files.newInputStream(back))) {
			raw = g.readAllBytes();
		}
		ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(5, bb.getShort(40));
		for (int i = 1; i <= 5; i++)
			assertEquals(s.dim[i], bb.getShort(40 + 2 * i));
		assertEquals(0.25f, bb.getFloat(76 + 16));
		assertEquals(3 | 16, bb.get(123));
		ByteBuffer orig = ByteBuffer.wrap(s.voxels).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < nx * ny * nz * nt * nc; i++)
			assertEquals(orig.getShort(2 * i), bb.getFloat(352 + 4 * i), 0);
	}

	@Test
	void writerLaysOutHeaderAndVoxelsPerSpec() throws IOException {
		ShortProcessor ip = new ShortProcessor(3, 2);
		for (int i = 0; i < 6; i++)
			ip.set(i, 40000 + i);
		ImagePlus imp = new ImagePlus("u16", ip);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.2;
		cal.pixelHeight = 0.3;
		cal.setUnit("\u00b5m");
		Path f = tmp.resolve("u16.nii");
		Nifti.write(imp, f);
		byte[] b = Files.readAllBytes(f);
		assertEquals(352 + 12, b.length);
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(348, bb.getInt(0));
		assertEquals(2, bb.getShort(40), "dim[0]");
		assertEquals(3, bb.getShort(42));
		assertEquals(2, bb.getShort(44));
		assertEquals(512, bb.getShort(70), "uint16: values above 32767");
		assertEquals(16, bb.getShort(72));
		assertEquals(352f, bb.getFloat(108));
		assertEquals(1f, bb.getFloat(112), "scl_slope");
		assertEquals(0.2f, bb.getFloat(80));
		assertEquals(0.3f, bb.getFloat(84));
		assertEquals(3, bb.get(123), "micron");
		assertEquals(0, bb.getShort(252), "no orientation known: qform_code 0");
		assertArrayEquals(new byte[] { 'n', '+', '1', 0 }, Arrays.copyOfRange(b, 344, 348));
		assertArrayEquals(new byte[4], Arrays.copyOfRange(b, 348, 352), "no extensions");
		// first voxel in the file is ImageJ's bottom-left pixel
		assertEquals(ip.get(0, 1), bb.getShort(352) & 0xffff);
		assertEquals(ip.get(2, 0), bb.getShort(352 + 10) & 0xffff);

		// 16-bit that fits int16 is written as int16; ImageJ's signed 16-bit as int16 with its sign
		ShortProcessor sp = new ShortProcessor(2, 1);
		sp.set(0, 32768 - 5);
		sp.set(1, 32768 + 9);
		ImagePlus signed = new ImagePlus("s16", sp);
		signed.getCalibration().setSigned16BitCalibration();
		Path g = tmp.resolve("s16.nii");
		Nifti.write(signed, g);
		ByteBuffer gb = ByteBuffer.wrap(Files.readAllBytes(g)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(4, gb.getShort(70));
		assertEquals(-5, gb.getShort(352));
		assertEquals(9, gb.getShort(354));
	}

	@Test
	void bigLabelImagesAreWrittenAsInt32() throws IOException {
		FloatProcessor fp = new FloatProcessor(3, 1, new float[] { 0, 70001, 16777216 });
		ImagePlus labels = new ImagePlus("labels", fp);
		labels.setProp(org.segmentij.image.LabelImages.LABELS_PROPERTY, "true");
		Path f = tmp.resolve("labels.nii");
		Nifti.write(labels, f);
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(8, b.getShort(70), "int32");
		assertEquals(32, b.getShort(72));
		assertEquals(70001, b.getInt(356));
		assertEquals(16777216, b.getInt(360));
		assertArrayEquals(fp.getPixels() instanceof float[] x ? x : null, (float[]) Nifti.read(f).getProcessor().getPixels());
	}

	@Test
	void roundTripsKeepPixelsSpacingAndDimensions() throws IOException {
		int w = 17, h = 11, c = 2, z = 3, t = 2;
		ImageStack st8 = new ImageStack(w, h), st16 = new ImageStack(w, h), st32 = new ImageStack(w, h), rgb = new ImageStack(w, h);
		java.util.Random r = new java.util.Random(5);
		for (int i = 0; i < c * z * t; i++) {
			ByteProcessor b = new ByteProcessor(w, h);
			ShortProcessor s = new ShortProcessor(w, h);
			FloatProcessor f = new FloatProcessor(w, h);
			ColorProcessor k = new ColorProcessor(w, h);
			for (int p = 0; p < w * h; p++) {
				b.set(p, r.nextInt(256));
				s.set(p, r.nextInt(65536));
				f.setf(p, (float) r.nextGaussian() * 1e3f);
				k.set(p, r.nextInt(1 << 24));
			}
			st8.addSlice(b);
			st16.addSlice(s);
			st32.addSlice(f);
			if (i < z)
				rgb.addSlice(k);
		}
		for (ImageStack st : new ImageStack[] { st8, st16, st32, rgb })
			for (String name : new String[] { "x.nii", "x.nii.gz" }) {
				ImagePlus imp = new ImagePlus("x", st);
				if (st != rgb)
					imp.setDimensions(c, z, t);
				Calibration cal = imp.getCalibration();
				cal.pixelWidth = 0.125;
				cal.pixelHeight = 0.375;
				cal.pixelDepth = 1.5;
				cal.setUnit("mm");
				cal.frameInterval = 2;
				cal.setTimeUnit("sec");
				Path f = tmp.resolve(name);
				Nifti.write(imp, f);
				if (name.endsWith(".gz")) {
					byte[] head = Arrays.copyOf(Files.readAllBytes(f), 2);
					assertArrayEquals(new byte[] { 0x1f, (byte) 0x8b }, head, "gzip magic");
				}
				ImagePlus back = Nifti.read(f);
				String what = imp.getBitDepth() + "-bit " + name;
				assertEquals(imp.getBitDepth(), back.getBitDepth(), what);
				assertEquals(imp.getNChannels(), back.getNChannels(), what);
				assertEquals(imp.getNSlices(), back.getNSlices(), what);
				assertEquals(imp.getNFrames(), back.getNFrames(), what);
				for (int i = 1; i <= imp.getStackSize(); i++) {
					Object a = imp.getStack().getPixels(i), b = back.getStack().getPixels(i);
					if (a instanceof byte[] x)
						assertArrayEquals(x, (byte[]) b, what);
					else if (a instanceof short[] x)
						assertArrayEquals(x, (short[]) b, what);
					else if (a instanceof float[] x)
						assertArrayEquals(x, (float[]) b, what);
					else {
						int[] x = (int[]) a, y = (int[]) b;
						for (int p = 0; p < x.length; p++)
							assertEquals(x[p] & 0xffffff, y[p] & 0xffffff, what);
					}
				}
				Calibration bc = back.getCalibration();
				assertEquals(0.125, bc.pixelWidth, 0, what);
				assertEquals(0.375, bc.pixelHeight, 0, what);
				assertEquals(1.5, bc.pixelDepth, 0, what);
				assertEquals("mm", bc.getUnit(), what);
				if (imp.getNFrames() > 1) {
					assertEquals(2, bc.frameInterval, 0, what);
					assertEquals("sec", bc.getTimeUnit(), what);
				}
			}
	}

	@Test
	void orientationPassesToAResultOnTheSameGrid() throws IOException {
		Spec s = new Spec();
		s.dim = new short[] { 3, 2, 2, 2, 1, 1, 1, 1 };
		s.datatype = 2;
		s.bitpix = 8;
		s.qformCode = 1;
		s.quatern = new float[] { 0, 0, 1, 10, 20, 30 };
		s.srow = new float[] { 1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 1, 30 };
		s.sformCode = 1;
		s.voxels = new byte[8];
		ImagePlus in = Nifti.read(write("o.nii", s.bytes()));
		ImagePlus mask = new ImagePlus("mask", new ImageStack(2, 2) {
			{
				addSlice(new ByteProcessor(2, 2));
				addSlice(new ByteProcessor(2, 2));
			}
		});
		assertNull(mask.getProp("NIfTI.qform_code"));
		Nifti.copyOrientation(in, mask);
		Path f = tmp.resolve("mask.nii");
		Nifti.write(mask, f);
		ByteBuffer a = ByteBuffer.wrap(s.bytes()).order(ByteOrder.LITTLE_ENDIAN), b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
		for (int off = 252; off < 328; off += 2)
			assertEquals(a.getShort(off), b.getShort(off), "byte " + off);
		// a result on another grid does not take it
		ImagePlus small = new ImagePlus("small", new ByteProcessor(1, 2));
		Nifti.copyOrientation(in, small);
		assertNull(small.getProp("NIfTI.qform_code"));
	}

	@Test
	void corruptFilesGiveClearMessages() throws IOException {
		Spec ok = new Spec();
		ok.dim = new short[] { 3, 4, 4, 4, 1, 1, 1, 1 };
		ok.datatype = 4;
		ok.bitpix = 16;
		ok.voxels = new byte[2 * 64];
		byte[] good = ok.bytes();

		assertMessage(write("empty.nii", new byte[0]), "fewer than the 348");
		assertMessage(write("short.nii", Arrays.copyOf(good, 100)), "fewer than the 348");
		assertMessage(write("trunc.nii", Arrays.copyOf(good, good.length - 10)), "truncated");
		byte[] gz = gzip(good);
		assertMessage(write("trunc.nii.gz", Arrays.copyOf(gz, gz.length / 2)), "truncated");
		byte[] bad = gz.clone();
		bad[gz.length / 2] ^= 0x5a;
		bad[gz.length / 2 + 1] ^= 0x33;
		assertThrows(InputException.class, () -> Nifti.read(write("bad.nii.gz", bad)));

		Spec m = new Spec();
		m.magic = "XYZ";
		assertMessage(write("magic.nii", m.bytes()), "magic");
		Spec pair = new Spec();
		pair.magic = "ni1";
		assertMessage(write("pair.nii", pair.bytes()), ".hdr/.img");
		Spec two = new Spec();
		two.sizeofHdr = 540;
		assertMessage(write("two.nii", two.bytes()), "NIfTI-2");
		Spec junk = new Spec();
		junk.sizeofHdr = 12345;
		assertMessage(write("junk.nii", junk.bytes()), "not a NIfTI-1 file");
		Spec complex = new Spec();
		complex.datatype = 32; // complex64
		complex.bitpix = 64;
		assertMessage(write("complex.nii", complex.bytes()), "datatype 32 is not supported");
		Spec wrongBits = new Spec();
		wrongBits.datatype = 4;
		wrongBits.bitpix = 8;
		assertMessage(write("bits.nii", wrongBits.bytes()), "bitpix");
		Spec dims = new Spec();
		dims.dim = new short[] { 6, 2, 2, 1, 1, 1, 2, 1 };
		dims.datatype = 2;
		dims.bitpix = 8;
		assertMessage(write("dims.nii", dims.bytes()), "up to 5");
		Spec zero = new Spec();
		zero.dim = new short[] { 0, 2, 2, 1, 1, 1, 1, 1 };
		zero.datatype = 2;
		zero.bitpix = 8;
		assertMessage(write("zero.nii", zero.bytes()), "dim[0]");
	}

	private static void assertMessage(Path f, String expected) {
		InputException e = assertThrows(InputException.class, () -> Nifti.read(f), f.toString());
		assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
		assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
	}
}
