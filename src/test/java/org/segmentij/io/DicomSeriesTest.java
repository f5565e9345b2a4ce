package org.segmentij.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

	/** One slice: rows 4, columns 5, 16-bit unsigned, pixel (r, c) = base + 10 r + c (written by {@link DicomWriter}). */
	static byte[] dicom(String series, Integer instance, double[] position, String pixelSpacing, int base) throws IOException {
		short[] px = new short[ROWS * COLS];
		for (int r = 0; r < ROWS; r++)
			for (int c = 0; c < COLS; c++)
				px[r * COLS + c] = (short) (base + 10 * r + c);
		return DicomWriter.slice(series, "1.2.3.4.5." + base, instance, position, pixelSpacing, ROWS, COLS, px);
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
