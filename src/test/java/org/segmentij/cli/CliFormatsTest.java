package org.segmentij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.image.Axis;
import org.segmentij.image.AxisImage;
import org.segmentij.image.ImagePlusAdapter;
import org.segmentij.image.SyntheticNuclei;
import org.segmentij.io.Nifti;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** The command line with NIfTI, PNG and DICOM inputs and outputs. */
class CliFormatsTest {

	@TempDir
	Path tmp;

	/** A synthetic 16-bit nuclei volume with spacing and an orientation, as .nii.gz. */
	private Path brain(String name, long seed) throws IOException {
		SyntheticNuclei.Sample s = SyntheticNuclei.generate(SyntheticNuclei.Params.defaults2D(96, 80, 8, seed));
		ImagePlus plane = ImagePlusAdapter.toImagePlus(AxisImage.of("b", s.image(), Axis.X, Axis.Y));
		ImageStack st = new ImageStack(plane.getWidth(), plane.getHeight());
		for (int z = 0; z < 3; z++) { // three slices: the plane, shifted intensities
			ImageProcessor ip = plane.getProcessor().duplicate();
			ip.add(100 * z);
			st.addSlice(ip);
		}
		ImagePlus imp = new ImagePlus(name, st);
		imp.getCalibration().pixelWidth = 0.9;
		imp.getCalibration().pixelHeight = 0.8;
		imp.getCalibration().pixelDepth = 3;
		imp.getCalibration().setUnit("mm");
		imp.setProp("NIfTI.dim", imp.getWidth() + " " + imp.getHeight() + " 3");
		for (String k : new String[] { "qform_code", "sform_code" })
			imp.setProp("NIfTI." + k, "1");
		for (String k : new String[] { "quatern_b", "quatern_c" })
			imp.setProp("NIfTI." + k, "0.0");
		imp.setProp("NIfTI.quatern_d", "1.0");
		imp.setProp("NIfTI.qoffset_x", "45.5");
		imp.setProp("NIfTI.qoffset_y", "-32.0");
		imp.setProp("NIfTI.qoffset_z", "7.25");
		imp.setProp("NIfTI.qfac", "1.0");
		imp.setProp("NIfTI.srow_x", "-0.9 0.0 0.0 45.5");
		imp.setProp("NIfTI.srow_y", "0.0 -0.8 0.0 -32.0");
		imp.setProp("NIfTI.srow_z", "0.0 0.0 3.0 7.25");
		Path p = tmp.resolve(name);
		Nifti.write(imp, p);
		return p;
	}

	/** ImageJ 1's Otsu of the whole stack histogram ("Otsu dark stack"), as 0/255 per slice. */
	static byte[][] ij1Otsu(ImagePlus imp) {
		ImagePlus d = imp.duplicate();
		IJ.setAutoThreshold(d, "Otsu dark stack");
		ImageProcessor ip = d.getProcessor();
		double t1 = ip.getMinThreshold(), t2 = ip.getMaxThreshold();
		byte[][] m = new byte[imp.getStackSize()][];
		for (int s = 0; s < m.length; s++) {
			ImageProcessor p = imp.getStack().getProcessor(s + 1);
			m[s] = new byte[p.getPixelCount()];
			for (int i = 0; i < m[s].length; i++)
				m[s][i] = (byte) (p.getf(i) >= t1 && p.getf(i) <= t2 ? 255 : 0);
		}
		return m;
	}

	@Test
	void runOtsuNiftiInNiftiOut() throws IOException {
		Path in = brain("brain.nii.gz", 3), out = tmp.resolve("mask.nii.gz");
		CliTest.Result r = CliTest.cli("run", "otsu", "-i", in.toString(), "-o", out.toString(), "--param", "imagej_histogram=true");
		assertEquals(0, r.code(), r.err());
		ImagePlus input = Nifti.read(in), mask = Nifti.read(out);
		assertEquals(8, mask.getBitDepth());
		assertEquals(3, mask.getStackSize());
		byte[][] expected = ij1Otsu(input);
		int on = 0;
		for (int s = 0; s < 3; s++) {
			assertArrayEquals(expected[s], (byte[]) mask.getStack().getPixels(s + 1), "slice " + (s + 1));
			for (byte b : expected[s])
				on += b != 0 ? 1 : 0;
		}
		assertTrue(on > 0 && on < 3 * 96 * 80, "a real mask");
		// spacing and orientation of the input, bit for bit in the header
		assertEquals(0.9, mask.getCalibration().pixelWidth, 1e-6);
		assertEquals(3, mask.getCalibration().pixelDepth, 1e-6);
		ByteBuffer a = header(in), b = header(out);
		for (int off = 252; off < 328; off += 2)
			assertEquals(a.getShort(off), b.getShort(off), "header byte " + off);
		for (int off = 76; off < 92; off += 4)
			assertEquals(a.getFloat(off), b.getFloat(off), "pixdim at " + off);
		assertEquals(2, b.getShort(70), "mask as uint8");
	}

	private static ByteBuffer header(Path nii) throws IOException {
		try (var g = new java.util.zip.GZIPInputStream(Files.newInputStream(nii))) {
			return ByteBuffer.wrap(g.readNBytes(352)).order(ByteOrder.LITTLE_ENDIAN);
		}
	}

	@Test
	void batchPicksUpNiftiAndKeepsTheKind() throws IOException {
		Path dir = tmp.resolve("in");
		Files.createDirectories(dir);
		Files.move(brain("a.nii.gz", 1), dir.resolve("a.nii.gz"));
		Files.move(brain("b.nii", 2), dir.resolve("b.nii"));
		ImagePlus c = new ImagePlus("c", new ShortProcessor(40, 30));
		for (int y = 5; y < 15; y++)
			for (int x = 5; x < 15; x++)
				c.getProcessor().set(x, y, 900);
		assertTrue(new FileSaver(c).saveAsTiff(dir.resolve("c.tif").toString()));
		Path out = tmp.resolve("out");
		CliTest.Result r = CliTest.cli("batch", "otsu", "-i", dir.toString(), "-o", out.toString(), "-q");
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(Files.exists(out.resolve("a.nii.gz")));
		assertTrue(Files.exists(out.resolve("b.nii")));
		assertTrue(Files.exists(out.resolve("c.tif")));
		assertEquals(8, Nifti.read(out.resolve("a.nii.gz")).getBitDepth());
		String summary = Files.readString(out.resolve("summary.csv"));
		assertTrue(summary.contains("a.nii.gz,ok,a.nii.gz"), summary);

		Path out2 = tmp.resolve("out2");
		r = CliTest.cli("batch", "otsu", "-i", dir.toString(), "-o", out2.toString(), "-q", "--format", "tif");
		assertEquals(0, r.code(), r.out() + r.err());
		try (Stream<Path> s = Files.list(out2)) {
			assertEquals(List.of("a.tif", "b.tif", "c.tif", "summary.csv"), s.map(p -> p.getFileName().toString()).sorted().toList());
		}
		// no temporary files left behind
		try (Stream<Path> s = Files.list(out)) {
			assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
		}
	}

	@Test
	void pngOutputForMasksAndRefusalsThatSayWhatToDo() throws IOException {
		ImagePlus c = new ImagePlus("c", new ShortProcessor(40, 30));
		for (int y = 5; y < 15; y++)
			for (int x = 5; x < 15; x++)
				c.getProcessor().set(x, y, 900);
		Path in = tmp.resolve("c.tif"), png = tmp.resolve("m.png");
		assertTrue(new FileSaver(c).saveAsTiff(in.toString()));
		CliTest.Result r = CliTest.cli("run", "otsu", "-i", in.toString(), "-o", png.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus m = IJ.openImage(png.toString());
		byte[] px = (byte[]) m.getProcessor().convertToByteProcessor(false).getPixels();
		byte[] expected = new byte[40 * 30];
		for (int y = 5; y < 15; y++)
			Arrays.fill(expected, y * 40 + 5, y * 40 + 15, (byte) 255);
		assertArrayEquals(expected, px);

		r = CliTest.cli("run", "otsu", "-i", in.toString(), "-o", tmp.resolve("m.jpg").toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("Use .tif, .nii.gz or .png"), r.err());

		Path stack = brain("s.nii", 4);
		r = CliTest.cli("run", "otsu", "-i", stack.toString(), "-o", tmp.resolve("s.png").toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("PNG holds one 2D image"), r.err());
	}

	@Test
	void corruptNiftiIsAnInputError() throws IOException {
		Path bad = tmp.resolve("bad.nii.gz");
		byte[] good = Files.readAllBytes(brain("good.nii.gz", 5));
		Files.write(bad, Arrays.copyOf(good, good.length / 3));
		CliTest.Result r = CliTest.cli("run", "otsu", "-i", bad.toString(), "-o", tmp.resolve("x.nii.gz").toString());
		assertEquals(3, r.code(), r.err());
		assertTrue(r.err().contains("bad.nii.gz") && r.err().contains("truncated"), r.err());
		assertFalse(Files.exists(tmp.resolve("x.nii.gz")));
	}
}
