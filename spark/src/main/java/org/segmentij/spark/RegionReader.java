package org.segmentij.spark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.segmentij.InputException;
import org.segmentij.cli.ImageFiles;
import org.segmentij.io.OmeTiff;

import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.TiffDecoder;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * A rectangle of a 2D image, for a tile task. An uncompressed single-image TIFF of 8-bit,
 * 16-bit unsigned or 32-bit float pixels (what ImageJ and SegmentIJ write) is read row by row
 * from the file, so a task holds only its tile; any other image is opened whole through
 * {@link ImageFiles#open} and cropped (correct, but each task then holds the whole image).
 * Either way the tile has the pixel values, spacing and unit ImageJ gives the whole image
 * (origin shifted to the tile).
 */
final class RegionReader {

	/** A TIFF's size from its header; {@code direct}: rows can be read straight from the file. */
	record Info(int width, int height, int planes, boolean direct) {
	}

	private RegionReader() {
	}

	/** The size of a TIFF from its header (no pixels read), or null when it is no TIFF ImageJ reads. */
	static Info info(Path file) {
		String ext = ImageFiles.extension(file);
		if (!(ext.equals("tif") || ext.equals("tiff")) || !Files.isRegularFile(file))
			return null;
		FileInfo[] fi;
		try {
			fi = new TiffDecoder(file.toAbsolutePath().getParent().toString() + java.io.File.separator, file.getFileName().toString())
					.getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
		if (fi == null || fi.length == 0)
			return null;
		FileInfo f = fi[0];
		int planes = fi.length > 1 ? fi.length : Math.max(1, f.nImages);
		return new Info(f.width, f.height, planes, planes == 1 && direct(f));
	}

	private static boolean direct(FileInfo f) {
		if (f.compression > FileInfo.COMPRESSION_NONE || f.whiteIsZero || f.samplesPerPixel > 1)
			return false;
		if (f.fileType != FileInfo.GRAY8 && f.fileType != FileInfo.GRAY16_UNSIGNED && f.fileType != FileInfo.GRAY32_FLOAT)
			return false;
		if (f.stripOffsets != null) // ImageJ too reads uncompressed strips as one block from the first
			for (int i = 1; i < f.stripOffsets.length; i++)
				if (f.stripLengths == null || (f.stripOffsets[i] & 0xFFFFFFFFL) != (f.stripOffsets[i - 1] & 0xFFFFFFFFL)
						+ (f.stripLengths[i - 1] & 0xFFFFFFFFL))
					return false;
		return true;
	}

	/** The w × h rectangle at (x, y) of a 2D image, as ImageJ would show it cropped from the whole. */
	static ImagePlus read(Path file, int x, int y, int w, int h) {
		Info info = info(file);
		if (info != null && info.direct())
			return readDirect(file, x, y, w, h);
		ImagePlus whole = ImageFiles.open(file);
		if (whole.getStackSize() != 1)
			throw new InputException(file.getFileName() + " has " + whole.getStackSize() + " planes; only 2D images are tiled.");
		ImageProcessor ip = whole.getProcessor();
		ip.setRoi(x, y, w, h);
		ImagePlus imp = new ImagePlus(whole.getTitle(), ip.crop());
		imp.setCalibration(shifted(whole.getCalibration(), x, y));
		return imp;
	}

	private static ImagePlus readDirect(Path file, int x, int y, int w, int h) {
		FileInfo[] all;
		try {
			all = new TiffDecoder(file.toAbsolutePath().getParent().toString() + java.io.File.separator, file.getFileName().toString())
					.getTiffInfo();
		}
		catch (IOException e) {
			throw new InputException("Cannot read the TIFF header of " + file + ": " + e.getMessage());
		}
		FileInfo fi = all[0];
		if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > fi.width || y + h > fi.height)
			throw new IllegalArgumentException("Region " + w + "x" + h + " at (" + x + ", " + y + ") outside the " + fi.width + "x" + fi.height + " image.");
		// the metadata ImageJ gives the whole image, from an open of its first row only
		FileInfo one = (FileInfo) fi.clone();
		one.height = 1;
		one.nImages = 1;
		ImagePlus meta = new FileOpener(one).openImage();
		if (meta == null)
			throw new InputException("ImageJ cannot open " + file + ".");
		OmeTiff.apply(meta, file);

		int bpp = fi.getBytesPerPixel();
		ByteBuffer row = ByteBuffer.allocate(w * bpp).order(fi.intelByteOrder ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		Object pixels = switch (fi.fileType) {
			case FileInfo.GRAY8 -> new byte[w * h];
			case FileInfo.GRAY16_UNSIGNED -> new short[w * h];
			default -> new float[w * h];
		};
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
			for (int r = 0; r < h; r++) {
				f.seek(fi.getOffset() + ((long) (y + r) * fi.width + x) * bpp);
				f.readFully(row.array(), 0, w * bpp);
				row.rewind();
				if (pixels instanceof byte[] p)
					row.get(p, r * w, w);
				else if (pixels instanceof short[] p)
					row.asShortBuffer().get(p, r * w, w);
				else
					row.asFloatBuffer().get((float[]) pixels, r * w, w);
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + file + " (truncated?): " + e.getMessage());
		}
		ImageProcessor ip = pixels instanceof byte[] p ? new ByteProcessor(w, h, p)
				: pixels instanceof short[] p ? new ShortProcessor(w, h, p, null) : new FloatProcessor(w, h, (float[]) pixels);
		ip.setColorModel(meta.getProcessor().getColorModel());
		ip.resetMinAndMax();
		ImagePlus imp = new ImagePlus(meta.getTitle(), ip);
		imp.setCalibration(shifted(meta.getCalibration(), x, y));
		return imp;
	}

	private static Calibration shifted(Calibration c, int x, int y) {
		Calibration s = c.copy();
		s.xOrigin -= x;
		s.yOrigin -= y;
		return s;
	}
}
