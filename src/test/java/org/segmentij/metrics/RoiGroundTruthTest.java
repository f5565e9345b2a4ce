package org.segmentij.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Polygon;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.metrics.RoiGroundTruth.ClassSource;
import org.segmentij.metrics.RoiGroundTruth.OverlapPolicy;
import org.segmentij.metrics.RoiGroundTruth.Result;

import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.RotatedRectRoi;
import ij.gui.ShapeRoi;
import ij.io.RoiEncoder;
import ij.process.ByteProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.IntType;

class RoiGroundTruthTest {

	static int at(RandomAccessibleInterval<IntType> img, long... pos) {
		RandomAccess<IntType> ra = img.randomAccess();
		ra.setPosition(pos);
		return ra.get().get();
	}

	/** ImageJ's own rasterisation: fill the ROI into a blank 8-bit image. */
	static ByteProcessor imagejFill(Roi roi, int w, int h) {
		ByteProcessor bp = new ByteProcessor(w, h);
		bp.setColor(255);
		bp.fill(roi);
		return bp;
	}

	static void assertSameAsImageJ(Roi roi, int w, int h, int label, Img<IntType> labels) {
		ByteProcessor bp = imagejFill(roi, w, h);
		int count = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean ij = bp.get(x, y) != 0;
				assertEquals(ij, at(labels, x, y) == label, roi + " at " + x + "," + y);
				if (ij)
					count++;
			}
		assertTrue(count > 0, "the ROI covers pixels");
	}

	static List<Roi> shapes() {
		List<Roi> rois = new ArrayList<>();
		rois.add(new Roi(3, 4, 10, 7));
		rois.add(new OvalRoi(5.5, 7.2, 17.3, 11.1));
		rois.add(new PolygonRoi(new Polygon(new int[] { 2, 30, 25, 8 }, new int[] { 3, 6, 28, 20 }, 4), Roi.POLYGON));
		rois.add(new PolygonRoi(new float[] { 1.5f, 20.25f, 33.7f, 12.2f }, new float[] { 2.5f, 1.1f, 25.9f, 30.4f },
				Roi.POLYGON));
		rois.add(new PolygonRoi(new Polygon(new int[] { 4, 12, 20, 26, 18, 9 }, new int[] { 4, 2, 9, 21, 27, 18 }, 6),
				Roi.FREEROI));
		rois.add(new RotatedRectRoi(5, 5, 30, 25, 8));
		rois.add(new Roi(25, 20, 30, 30)); // partly outside: clipped
		rois.add(new Roi(4, 4, 20, 16, 8)); // rounded corners
		return rois;
	}

	@Test
	void areaRoisMatchImageJFill() {
		int w = 40, h = 32;
		for (Roi roi : shapes()) {
			Result r = RoiGroundTruth.toLabels(List.of(roi), w, h, 1);
			assertEquals(2, r.labels().numDimensions());
			assertSameAsImageJ(roi, w, h, 1, r.labels());
			assertNull(r.classes());
			assertEquals(List.of(), r.classNames());
			assertEquals(0, r.overlapPixels());
		}
	}

	@Test
	void compositeRoiWithAHoleKeepsTheHoleEmpty() {
		ShapeRoi ring = new ShapeRoi(new Roi(10, 10, 30, 30)).not(new ShapeRoi(new OvalRoi(18, 18, 14, 14)));
		Result r = RoiGroundTruth.toLabels(List.of(ring), 50, 50, 1);
		assertSameAsImageJ(ring, 50, 50, 1, r.labels());
		assertEquals(0, at(r.labels(), 25, 25)); // centre of the hole
		assertEquals(1, at(r.labels(), 12, 12));
		// a rectangle with a rectangular hole: counted exactly
		ShapeRoi frame = new ShapeRoi(new Roi(0, 0, 20, 20)).not(new ShapeRoi(new Roi(5, 5, 10, 10)));
		Result f = RoiGroundTruth.toLabels(List.of(frame), 30, 30, 1);
		long n = 0;
		for (IntType t : f.labels())
			n += t.get();
		assertEquals(400 - 100, n);
	}

	@Test
	void overlapPolicies() {
		Roi a = new Roi(0, 0, 20, 20); // 400 pixels
		Roi b = new Roi(10, 10, 15, 15); // 225 pixels; overlap 10x10 = 100
		a.setName("big");
		b.setName("small");
		for (OverlapPolicy p : new OverlapPolicy[] { OverlapPolicy.LAST_WINS, OverlapPolicy.FIRST_WINS,
				OverlapPolicy.SMALLEST_WINS }) {
			Result r = RoiGroundTruth.toLabels(List.of(a, b), 30, 30, 1, p, ClassSource.NONE);
			assertEquals(100, r.overlapPixels());
			int expected = p == OverlapPolicy.FIRST_WINS ? 1 : 2;
			assertEquals(expected, at(r.labels(), 15, 15), p.name());
			assertEquals(1, at(r.labels(), 5, 5));
			assertEquals(2, at(r.labels(), 22, 22));
			// reversed order: the small one first
			Result rev = RoiGroundTruth.toLabels(List.of(b, a), 30, 30, 1, p, null);
			int expRev = p == OverlapPolicy.LAST_WINS ? 2 : 1;
			assertEquals(expRev, at(rev.labels(), 15, 15), p.name() + " reversed");
		}
		// default is LAST_WINS
		assertEquals(2, at(RoiGroundTruth.toLabels(List.of(a, b), 30, 30, 1).labels(), 15, 15));
		var e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(a, b), 30, 30, 1, OverlapPolicy.ERROR, ClassSource.NONE));
		assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("'small'")
				&& e.getMessage().contains("x=10, y=10"), e.getMessage());
		// three ROIs over the same pixels: each pixel counted once
		Roi c = new Roi(10, 10, 5, 5);
		assertEquals(100, RoiGroundTruth.toLabels(List.of(a, b, c), 30, 30, 1).overlapPixels());
		// touching but not overlapping: fine with ERROR, each keeps its pixels
		Roi d = new Roi(20, 0, 5, 20);
		Result touching = RoiGroundTruth.toLabels(List.of(a, d), 30, 30, 1, OverlapPolicy.ERROR, null);
		assertEquals(0, touching.overlapPixels());
		assertEquals(1, at(touching.labels(), 19, 5));
		assertEquals(2, at(touching.labels(), 20, 5));
	}

	@Test
	void slicesIn3D() {
		Roi all = new Roi(0, 0, 4, 4);
		Roi z2 = new Roi(5, 5, 4, 4);
		z2.setPosition(2);
		Roi hyper = new Roi(10, 10, 4, 4);
		hyper.setPosition(1, 3, 2); // c=1, z=3, t=2
		Result r = RoiGroundTruth.toLabels(List.of(all, z2, hyper), 20, 20, 4, OverlapPolicy.LAST_WINS, null);
		assertEquals(3, r.labels().numDimensions());
		for (int z = 0; z < 4; z++) {
			assertEquals(1, at(r.labels(), 1, 1, z));
			assertEquals(z == 1 ? 2 : 0, at(r.labels(), 6, 6, z));
			assertEquals(z == 2 ? 3 : 0, at(r.labels(), 11, 11, z));
		}
		long n = 0;
		for (IntType t : r.labels())
			n += t.get() == 0 ? 0 : 1;
		assertEquals(16 * 4 + 16 + 16, n);
		// overlaps count voxels
		Roi allB = new Roi(2, 2, 4, 4);
		assertEquals(4 * 4, RoiGroundTruth.toLabels(List.of(all, allB), 20, 20, 4).overlapPixels());
		Roi beyond = new Roi(0, 0, 3, 3);
		beyond.setPosition(7);
		var e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(beyond), 20, 20, 4));
		assertTrue(e.getMessage().contains("slice 7") && e.getMessage().contains("4 slices"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.toLabels(List.of(z2), 20, 20, 1));
	}

	@Test
	void emptyListAndBadInput() {
		Result r = RoiGroundTruth.toLabels(List.of(), 7, 5, 1);
		for (IntType t : r.labels())
			assertEquals(0, t.get());
		assertArrayEquals(new long[] { 7, 5 }, r.labels().dimensionsAsLongArray());
		var e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(new Line(1, 1, 5, 5)), 10, 10, 1));
		assertTrue(e.getMessage().contains("Line to Area"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(new PointRoi(3, 3)), 10, 10, 1));
		assertTrue(e.getMessage().contains("no area"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.toLabels(null, 10, 10, 1));
		assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.toLabels(List.of(), 0, 10, 1));
		List<Roi> withNull = new ArrayList<>();
		withNull.add(null);
		assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.toLabels(withNull, 10, 10, 1));
	}

	@Test
	void classesByNameGroupAndColour() {
		Roi a = new Roi(0, 0, 3, 3), b = new Roi(4, 0, 3, 3), c = new Roi(8, 0, 3, 3), d = new Roi(12, 0, 3, 3);
		a.setName("nucleus-1");
		b.setName("cell");
		c.setName("nucleus-2-extra");
		d.setName(" cell - 7");
		Result byName = RoiGroundTruth.toLabels(List.of(a, b, c, d), 16, 4, 1, OverlapPolicy.LAST_WINS, ClassSource.NAME);
		assertEquals(List.of("nucleus", "cell"), byName.classNames());
		assertEquals(1, at(byName.classes(), 1, 1));
		assertEquals(2, at(byName.classes(), 5, 1));
		assertEquals(1, at(byName.classes(), 9, 1));
		assertEquals(2, at(byName.classes(), 13, 1));
		assertEquals(0, at(byName.classes(), 3, 1));
		assertEquals(4, at(byName.labels(), 13, 1));

		a.setGroup(3);
		b.setGroup(1);
		c.setGroup(3);
		d.setGroup(1);
		Result byGroup = RoiGroundTruth.toLabels(List.of(a, b, c, d), 16, 4, 1, null, ClassSource.GROUP);
		assertEquals(2, byGroup.classNames().size());
		assertEquals(1, at(byGroup.classes(), 1, 1));
		assertEquals(2, at(byGroup.classes(), 5, 1));
		assertEquals(1, at(byGroup.classes(), 9, 1));
		assertEquals(2, at(byGroup.classes(), 13, 1));

		a.setStrokeColor(Color.red);
		b.setStrokeColor(new Color(0x80ff00));
		c.setStrokeColor(Color.red);
		d.setStrokeColor(Color.blue);
		Result byColour = RoiGroundTruth.toLabels(List.of(a, b, c, d), 16, 4, 1, null, ClassSource.COLOR);
		assertEquals(3, byColour.classNames().size());
		assertEquals("red", byColour.classNames().get(0));
		assertEquals("#80ff00", byColour.classNames().get(1));
		assertEquals(1, at(byColour.classes(), 9, 1));
		assertEquals(3, at(byColour.classes(), 13, 1));

		// overlapping ROIs: the class follows the winning label
		Roi big = new Roi(0, 0, 10, 4);
		big.setName("cell-9");
		Result over = RoiGroundTruth.toLabels(List.of(a, big), 16, 4, 1, OverlapPolicy.LAST_WINS, ClassSource.NAME);
		assertEquals(2, at(over.classes(), 1, 1));
		Result first = RoiGroundTruth.toLabels(List.of(a, big), 16, 4, 1, OverlapPolicy.FIRST_WINS, ClassSource.NAME);
		assertEquals(1, at(first.classes(), 1, 1));
		assertEquals(2, at(first.classes(), 5, 1));

		Roi unnamed = new Roi(0, 0, 2, 2);
		var e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(unnamed), 5, 5, 1, null, ClassSource.NAME));
		assertTrue(e.getMessage().contains("no name"), e.getMessage());
		Roi defaultName = new Roi(0, 0, 2, 2);
		defaultName.setName("0001-0034-0056");
		e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(defaultName), 5, 5, 1, null, ClassSource.NAME));
		assertTrue(e.getMessage().contains("default name"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(unnamed), 5, 5, 1, null, ClassSource.GROUP));
		assertTrue(e.getMessage().contains("no group"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
				() -> RoiGroundTruth.toLabels(List.of(unnamed), 5, 5, 1, null, ClassSource.COLOR));
		assertTrue(e.getMessage().contains("no stroke colour"), e.getMessage());
	}

	// ---------------------------------------------------------------------------------------
	// Files

	static void writeZip(Path file, List<Roi> rois, List<String> entryNames) throws IOException {
		try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zos = new ZipOutputStream(os)) {
			for (int i = 0; i < rois.size(); i++) {
				zos.putNextEntry(new ZipEntry(entryNames.get(i)));
				zos.write(RoiEncoder.saveAsByteArray(rois.get(i)));
				zos.closeEntry();
			}
		}
	}

	@Test
	void zipWrittenWithRoiEncoderReadsBack(@TempDir Path dir) throws IOException {
		List<Roi> rois = shapes();
		// a RotatedRectRoi changes its bounds on an encode/decode round trip (ImageJ stores it
		// by its corner points), so it cannot be compared with the original here
		rois.removeIf(r -> r instanceof RotatedRectRoi);
		rois.get(0).setName("nucleus-1");
		rois.get(1).setPosition(2);
		ShapeRoi ring = new ShapeRoi(new Roi(10, 10, 20, 20)).not(new ShapeRoi(new Roi(15, 15, 5, 5)));
		rois.add(ring);
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < rois.size(); i++)
			entries.add("roi" + i + ".roi");
		entries.set(2, "sub/folder/third.roi");
		Path zip = dir.resolve("set.zip");
		writeZip(zip, rois, entries);
		List<Roi> back = RoiGroundTruth.read(zip);
		assertEquals(rois.size(), back.size());
		assertEquals("nucleus-1", back.get(0).getName());
		assertEquals("roi1", back.get(1).getName());
		assertEquals("third", back.get(2).getName());
		assertEquals(2, back.get(1).getPosition());
		for (int i = 0; i < rois.size(); i++) {
			assertEquals(rois.get(i).getType(), back.get(i).getType(), "type of " + i);
			assertEquals(rois.get(i).getBounds(), back.get(i).getBounds(), "bounds of " + i);
		}
		// the rasterised label images agree, ROI by ROI
		for (int i = 0; i < rois.size(); i++) {
			Roi orig = rois.get(i);
			orig.setPosition(0);
			back.get(i).setPosition(0);
			Result r0 = RoiGroundTruth.toLabels(List.of(orig), 40, 32, 1);
			Result r1 = RoiGroundTruth.toLabels(List.of(back.get(i)), 40, 32, 1);
			var c0 = r0.labels().cursor();
			var c1 = r1.labels().cursor();
			while (c0.hasNext())
				assertEquals(c0.next().get(), c1.next().get(), "ROI " + i);
		}
		// a single .roi file
		Path one = dir.resolve("single.roi");
		assertTrue(RoiEncoder.save(new OvalRoi(2, 3, 10, 8), one.toString()));
		List<Roi> single = RoiGroundTruth.read(one);
		assertEquals(1, single.size());
		assertEquals(Roi.OVAL, single.get(0).getType());
		assertEquals("single", single.get(0).getName());
	}

	@Test
	void missingAndCorruptFilesGiveClearMessages(@TempDir Path dir) throws IOException {
		Path missing = dir.resolve("nothing.zip");
		var e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(missing));
		assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("nothing.zip"), e.getMessage());

		Path corrupt = dir.resolve("corrupt.zip");
		byte[] bytes = new byte[200];
		bytes[0] = 'P';
		bytes[1] = 'K';
		bytes[2] = 3;
		bytes[3] = 4;
		for (int i = 4; i < bytes.length; i++)
			bytes[i] = (byte) (i * 37);
		Files.write(corrupt, bytes);
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(corrupt));
		assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("corrupt.zip"), e.getMessage());

		// a real ZIP cut in half
		Path good = dir.resolve("good.zip");
		writeZip(good, List.of(new Roi(1, 1, 5, 5), new OvalRoi(2, 2, 6, 6)), List.of("a.roi", "b.roi"));
		byte[] all = Files.readAllBytes(good);
		Path truncated = dir.resolve("truncated.zip");
		Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(truncated));
		assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());

		Path notRoi = dir.resolve("notroi.zip");
		try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(notRoi))) {
			zos.putNextEntry(new ZipEntry("x.roi"));
			zos.write("this is not a roi".getBytes());
			zos.closeEntry();
		}
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(notRoi));
		assertTrue(e.getMessage().contains("'x.roi'") && e.getMessage().contains("not a valid ImageJ ROI"),
				e.getMessage());

		Path noRois = dir.resolve("noroi.zip");
		try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(noRois))) {
			zos.putNextEntry(new ZipEntry("readme.txt"));
			zos.write("hello".getBytes());
			zos.closeEntry();
		}
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(noRois));
		assertTrue(e.getMessage().contains("no .roi entries"), e.getMessage());

		Path text = dir.resolve("text.roi");
		Files.writeString(text, "hello world");
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(text));
		assertTrue(e.getMessage().contains("neither an ImageJ ROI"), e.getMessage());
		Path empty = dir.resolve("empty.roi");
		Files.write(empty, new byte[0]);
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(empty));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());
		// truncated .roi: the header is right, the rest is missing
		Path cut = dir.resolve("cut.roi");
		byte[] roiBytes = RoiEncoder.saveAsByteArray(new PolygonRoi(new float[] { 1, 9, 5 }, new float[] { 1, 2, 8 },
				Roi.POLYGON));
		Files.write(cut, java.util.Arrays.copyOf(roiBytes, 20));
		e = assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(cut));
		assertTrue(e.getMessage().contains("cut.roi"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> RoiGroundTruth.read(dir));
	}

	@Test
	void roiManagerNotOpen() {
		var e = assertThrows(IllegalArgumentException.class, RoiGroundTruth::fromRoiManager);
		assertTrue(e.getMessage().startsWith("The ROI Manager is empty or not open; "), e.getMessage());
	}
}
