package org.segmentij.spark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.segmentij.InputException;

/**
 * An uncompressed single-image TIFF (8-bit, 16-bit unsigned or 32-bit float, little-endian,
 * one strip) written in pieces: {@link #create} writes the header and sizes the file, then
 * each tile writes its rows at their place with {@link #write}, from any task, in any order,
 * as often as it likes (a rewrite puts the same bytes in the same place). ImageJ reads the
 * spacing and unit from the resolution tags and its own description line, as from its own TIFFs.
 */
public final class TiffOut {

	private TiffOut() {
	}

	public static int bytesPerPixel(int bitDepth) {
		return switch (bitDepth) {
			case 8 -> 1;
			case 16 -> 2;
			case 32 -> 4;
			default -> throw new IllegalArgumentException("TiffOut writes 8, 16 or 32-bit images, not " + bitDepth + "-bit.");
		};
	}

	/**
	 * Writes the header of a width × height image to {@code file} (created or truncated) and
	 * makes the file as long as the whole image; returns the offset of the first pixel.
	 *
	 * @param unit the length unit of the spacing ("pixel" or null for none)
	 */
	public static long create(Path file, int width, int height, int bitDepth, double pixelWidth, double pixelHeight, String unit)
			throws IOException {
		int bpp = bytesPerPixel(bitDepth);
		long bytes = (long) width * height * bpp;
		if (bytes >= 0xFFFF_FFFFL - 4096)
			throw new InputException("The output of " + width + " x " + height + " " + bitDepth + "-bit pixels is 4 GiB or more, beyond a TIFF without BigTIFF; "
					+ "tile a smaller image or write 8/16-bit labels.");
		boolean calibrated = unit != null && !unit.isBlank() && !unit.equals("pixel") && !unit.equals("pixels") && pixelWidth > 0
				&& pixelHeight > 0;
		StringBuilder d = new StringBuilder("ImageJ=").append(ij.IJ.getVersion()).append('\n');
		if (calibrated)
			d.append("unit=").append(unit.replace('\n', ' ')).append('\n');
		byte[] description = (d + "\0").getBytes(StandardCharsets.US_ASCII);

		int entries = 14;
		int ifd = 8, ifdSize = 2 + entries * 12 + 4;
		int descOffset = ifd + ifdSize;
		int xres = descOffset + description.length + (description.length & 1), yres = xres + 8;
		long data = yres + 8;
		data = (data + 15) / 16 * 16;

		ByteBuffer b = ByteBuffer.allocate((int) data).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		b.putShort((short) entries);
		entry(b, 256, 4, 1, width); // ImageWidth
		entry(b, 257, 4, 1, height); // ImageLength
		entry(b, 258, 3, 1, bitDepth); // BitsPerSample
		entry(b, 259, 3, 1, 1); // Compression: none
		entry(b, 262, 3, 1, 1); // PhotometricInterpretation: BlackIsZero
		entry(b, 270, 2, description.length, descOffset); // ImageDescription
		entry(b, 273, 4, 1, (int) data); // StripOffsets
		entry(b, 277, 3, 1, 1); // SamplesPerPixel
		entry(b, 278, 4, 1, height); // RowsPerStrip
		entry(b, 279, 4, 1, (int) bytes); // StripByteCounts
		entry(b, 282, 5, 1, xres); // XResolution
		entry(b, 283, 5, 1, yres); // YResolution
		entry(b, 296, 3, 1, 1); // ResolutionUnit: none (the unit is in the description)
		entry(b, 339, 3, 1, bitDepth == 32 ? 3 : 1); // SampleFormat: IEEE float or unsigned
		b.putInt(0); // no next IFD
		b.put(description);
		b.position(xres);
		rational(b, calibrated ? 1 / pixelWidth : 1);
		rational(b, calibrated ? 1 / pixelHeight : 1);
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(0);
			f.write(b.array());
			f.setLength(data + bytes);
		}
		return data;
	}

	private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
		b.putShort((short) tag).putShort((short) type).putInt(count);
		if (type == 3 && count == 1)
			b.putShort((short) value).putShort((short) 0);
		else
			b.putInt(value);
	}

	/** As ImageJ writes resolutions: value × scale / scale, scale 10^6 (10^3 for values above 1000). */
	private static void rational(ByteBuffer b, double value) {
		double scale = value > 1000 ? 1000 : 1_000_000;
		b.putInt((int) Math.round(value * scale)).putInt((int) scale);
	}

	/**
	 * Writes a w × h block of pixels (byte[], short[] or float[] of the image's type, row-major)
	 * at (x0, y0) of the image whose pixels start at {@code dataOffset}.
	 */
	public static void write(Path file, long dataOffset, int imageWidth, int bitDepth, int x0, int y0, int w, int h, Object pixels)
			throws IOException {
		int bpp = bytesPerPixel(bitDepth);
		ByteBuffer row = ByteBuffer.allocate(w * bpp).order(ByteOrder.LITTLE_ENDIAN);
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			for (int y = 0; y < h; y++) {
				row.clear();
				if (pixels instanceof byte[] p)
					row.put(p, y * w, w);
				else if (pixels instanceof short[] p)
					row.asShortBuffer().put(p, y * w, w);
				else if (pixels instanceof float[] p)
					row.asFloatBuffer().put(p, y * w, w);
				else
					throw new IllegalArgumentException("Pixels must be byte[], short[] or float[], not " + pixels.getClass());
				f.seek(dataOffset + ((long) (y0 + y) * imageWidth + x0) * bpp);
				f.write(row.array(), 0, w * bpp);
			}
		}
	}
}
