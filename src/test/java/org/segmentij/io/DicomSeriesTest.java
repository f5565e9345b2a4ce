package org.segmentij.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentij.InputException;
import org.segmentij.cli.ImageFiles;

import ij.ImagePlus;

/**
 * DICOM files written here byte by byte (Part 10: preamble, "DICM", explicit-VR file meta group,
 * then an implicit VR little endian data set with the few tags an image needs) are opened by
 * ImageJ 1's DICOM reader, alone and as a series folder.
 */
class DicomSeriesTest {

	@TempDir
	Path tmp;

	static final int ROWS = 4, COLS = 5;

	/** One slice: rows 4, columns 5, 16-bit unsigned, pixel (r, c) = base + 10 r + c. */
	static byte[] dicom(String series, Integer instance, double[] position, String pixelSpacing, int base) throws IOException {
		ByteArrayOutputStream meta = new ByteArrayOutputStream();
		explicit(meta, 0x0002, 0x0001, "OB", new byte[] { 0, 1 });
		explicit(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.4")); // MR Image Storage
		explicit(meta, 0x0002, 0x0003, "UI", uid("1.2.3.4.5." + base));
		explicit(meta, 0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2")); // implicit VR little endian
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[128]);
		out.write("DICM".getBytes(StandardCharsets.US_ASCII));
		explicit(out, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
		out.write(meta.toByteArray());
		implicit(out, 0x0008, 0x0016, uid("1.2.840.10008.5.1.4.1.1.4"));
		implicit(out, 0x0008, 0x0018, uid("1.2.3.4.5." + base));
		implicit(out, 0x0008, 0x0060, text("MR"));
		implicit(out, 0x0020, 0x000E, uid(series));
		if (instance != null)
			implicit(out, 0x0020, 0x0013, text(Integer.toString(instance)));
		if (position != null) {
			implicit(out, 0x0020, 0x0032, text(position[0] + "\\" + position[1] + "\\" + position[2]));
			implicit(out, 0x0020, 0x0037, text("1\\0\\0\\0\\1\\0"));
		}
		implicit(out, 0x0028, 0x0002, le(2).putShort((short) 1).array());
		implicit(out, 0x0028, 0x0004, text("MONOCHROME2"));
		implicit(out, 0x0028, 0x0010, le(2).putShort((short) ROWS).array());
		implicit(out, 0x0028, 0x0011, le(2).putShort((short) COLS).array());
		implicit(out, 0x0028, 0x0030, text(pixelSpacing));
		implicit(out, 0x0028, 0x0100, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0101, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0102, le(2).putShort((short) 15).array());
		implicit(out, 0x0028, 0x0103, le(2).putShort((short) 0).array());
		ByteBuffer px = le(2 * ROWS * COLS);
		for (int r = 0; r < ROWS; r++)
			for (int c = 0; c < COLS; c++)
				px.putShort((short) (base + 10 * r + c));
		implicit(out, 0x7FE0, 0x0010, px.array());
		return out.toByteArray();
	}

	private static ByteBuffer le(int n) {
		return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** UIDs are padded with a NUL to even length; other strings with a space. */
	private static byte[] uid(String s) {
		return pad(s, (byte) 0);
	}

	private static byte[] text(String s) {
		return pad(s, (byte) ' ');
	}

	private static byte[] pad(String s, byte with) {
		byte[] b = s.getBytes(StandardCharsets.US_ASCII);
		if (b.length % 2 == 0)
			return b;
		byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
		p[b.length] = with;
		return p;
	}

	private static void explicit(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) throws IOException {
		boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN");
		ByteBuffer b = le(longForm ? 12 : 8).putShort((short) group).putShort((short) element);
		b.put(vr.getBytes(StandardCharsets.US_ASCII));
		if (longForm)
			b.putShort((short) 0).putInt(value.length);
		else
			b.putShort((short) value.length);
		out.write(b.array());
		out.write(value);
	}

	private static void implicit(ByteArrayOutputStream out, int group, int element, byte[] value) throws IOException {
		out.write(le(8).putShort((short) group).putShort((short) element).putInt(value.length).array());
		out.write(value);
	}

	@Test
	void singleFileOpensWithPixelSpacing() throws IOException {
		Path f = tmp.resolve("one.dcm");
		Files.write(f, dicom("1.2.9", 1, new double[] { 0, 0, 0 }, "0.5\\0.25", 100));
		ImagePlus imp = ImageFiles.open(f);
		assertEquals(COLS, imp.getWidth());
		assertEquals(ROWS, imp.getHeight());
		assertEquals(16, imp.getBitDepth());
		for (int r = 0; r < ROWS; r++)
			for (int c = 0; c < COLS; c++)
				assertEquals(100 + 10 * r + c, imp.getProcessor().get(c, r));
		// Pixel Spacing is "row spacing \ column spacing": rows are 0.5 apart, columns 0.25
		assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.5, imp.getCalibration().pixelHeight, 1e-12);
		assertEquals("mm", imp.getCalibration().getUnit());
	}

	@Test
	void seriesIsOrderedByPositionWithSpacingFromPositions() throws IOException {
		Path dir = tmp.resolve("series");
		Files.createDirectories(dir);
		// file names and instance numbers disagree with the positions on purpose
		Files.write(dir.resolve("a.dcm"), dicom("1.2.7", 1, new double[] { -20, 30, 5.5 }, "0.5\\0.25", 3000));
		Files.write(dir.resolve("b.dcm"), dicom("1.2.7", 2, new double[] { -20, 30, -1.5 }, "0.5\\0.25", 1000));
		Files.write(dir.resolve("c"), dicom("1.2.7", 3, new double[] { -20, 30, 2.0 }, "0.5\\0.25", 2000)); // no extension: DICM marker
		Files.writeString(dir.resolve("notes.txt"), "not an image");
		ImagePlus imp = ImageFiles.open(dir);
		assertEquals(3, imp.getStackSize());
		for (int s = 1; s <= 3; s++)
			assertEquals(1000 * s, imp.getStack().getProcessor(s).get(0, 0), "slice " + s);
		assertEquals(3.5, imp.getCalibration().pixelDepth, 1e-9);
		assertEquals(0.25, imp.getCalibration().pixelWidth, 1e-12);
		assertEquals(0.5, imp.getCalibration().pixelHeight, 1e-12);
		assertTrue(imp.getStack().getSliceLabel(1).startsWith("b.dcm"), imp.getStack().getSliceLabel(1));
		assertEquals("image position", imp.getProp("DICOM.order"));
	}

	@Test
	void withoutPositionsInstanceNumbersOrderTheSeries() throws IOException {
		Path dir = tmp.resolve("inst");
		Files.createDirectories(dir);
		Files.write(dir.resolve("1.dcm"), dicom("1.2.8", 3, null, "1\\1", 3000));
		Files.write(dir.resolve("2.dcm"), dicom("1.2.8", 1, null, "1\\1", 1000));
		Files.write(dir.resolve("3.dcm"), dicom("1.2.8", 2, null, "1\\1", 2000));
		ImagePlus imp = DicomSeries.open(dir);
		for (int s = 1; s <= 3; s++)
			assertEquals(1000 * s, imp.getStack().getProcessor(s).get(0, 0), "slice " + s);
		assertEquals("instance number", imp.getProp("DICOM.order"));
	}

	@Test
	void mixedSeriesAndDuplicatePositionsAreRefused() throws IOException {
		Path mixed = tmp.resolve("mixed");
		Files.createDirectories(mixed);
		Files.write(mixed.resolve("a.dcm"), dicom("1.2.1", 1, new double[] { 0, 0, 0 }, "1\\1", 0));
		Files.write(mixed.resolve("b.dcm"), dicom("1.2.2", 2, new double[] { 0, 0, 1 }, "1\\1", 0));
		InputException e = assertThrows(InputException.class, () -> DicomSeries.open(mixed));
		assertTrue(e.getMessage().contains("2 DICOM series"), e.getMessage());

		Path dup = tmp.resolve("dup");
		Files.createDirectories(dup);
		Files.write(dup.resolve("a.dcm"), dicom("1.2.1", 1, new double[] { 0, 0, 4 }, "1\\1", 0));
		Files.write(dup.resolve("b.dcm"), dicom("1.2.1", 2, new double[] { 0, 0, 4 }, "1\\1", 0));
		e = assertThrows(InputException.class, () -> DicomSeries.open(dup));
		assertTrue(e.getMessage().contains("same slice position"), e.getMessage());

		Path empty = tmp.resolve("empty");
		Files.createDirectories(empty);
		e = assertThrows(InputException.class, () -> ImageFiles.open(empty));
		assertTrue(e.getMessage().contains("without DICOM files"), e.getMessage());
	}
}
