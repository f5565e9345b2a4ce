package org.segmentij.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.segmentij.InputException;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Checks a file before ImageJ 1 reads it: ImageJ reads a truncated TIFF or DICOM file without a
 * word, the missing pixels as zeros, and allocates whatever size a header declares, so a corrupt
 * header of a few bytes can claim gigabytes. Here the declared size is compared with the file's
 * length (for uncompressed pixel data) and with what one ImageJ plane can hold, so that such a
 * file is refused with a message that says what is wrong, before anything is allocated.
 */
public final class ImageFileCheck {

	private ImageFileCheck() {
	}

	/**
	 * Refuses an empty file, and a TIFF or DICOM file (recognised by its content, whatever its
	 * name) whose header declares more pixel data than the file holds or a plane larger than
	 * ImageJ's 2^31 - 1 pixels. Other files pass; their reader checks them.
	 *
	 * @throws InputException naming the file, what its header declares and what it holds
	 */
	public static void check(Path file) {
		long length;
		byte[] head = new byte[132];
		int n;
		try (InputStream in = Files.newInputStream(file)) {
			length = Files.size(file);
			n = in.readNBytes(head, 0, head.length);
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + file + ": " + e.getMessage() + ".", e);
		}
		if (length == 0)
			throw new InputException("Input file " + file + " is empty (0 bytes); it was not written completely. Give the complete image file.");
		if (n >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0 || head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))
			checkTiff(file, length);
		else if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M')
			checkDicom(file, length);
		else if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G')
			checkPng(file, length);
		else if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF)
			checkJpeg(file);
	}

	/** A PNG's chunks (length, type, data, CRC) must fit in the file and end with IEND; the pixels are not decoded. */
	private static void checkPng(Path file, long length) {
		try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
			java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
			long pos = 8;
			while (pos + 12 <= length) {
				b.clear();
				ch.read(b, pos);
				long chunk = b.getInt(0) & 0xffffffffL;
				String type = new String(b.array(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
				if (pos + 12 + chunk > length)
					break;
				if (type.equals("IEND"))
					return;
				pos += 12 + chunk;
			}
		}
		catch (IOException e) {
			throw new InputException("Cannot read " + file + ": " + e.getMessage() + ".", e);
		}
		throw new InputException("Cannot read " + file + ": the PNG file is truncated (it ends before its last chunk, IEND). "
				+ "Copy or save the image again.");
	}

	/** A JPEG's header must be readable (size, components); a file of a few garbage bytes after the marker is refused here. */
	private static void checkJpeg(Path file) {
		try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
			java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReaders(in);
			if (!readers.hasNext())
				return; // no reader here to judge it: ImageJ decides
			javax.imageio.ImageReader r = readers.next();
			try {
				r.setInput(in);
				if (r.getWidth(0) <= 0 || r.getHeight(0) <= 0)
					throw new IOException("no pixels");
			}
			finally {
				r.dispose();
			}
		}
		catch (IOException | RuntimeException e) {
			throw new InputException("Cannot read " + file + " as JPEG: its header is corrupt or cut short"
					+ (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ". Copy or save the image again.", e);
		}
	}

	private static void checkTiff(Path file, long length) {
		FileInfo[] info;
		try {
			Path dir = file.toAbsolutePath().getParent();
			info = new TiffDecoder(dir.toString() + java.io.File.separator, file.getFileName().toString()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new InputException("Cannot read " + file + " as TIFF: its header is corrupt or cut short (" + e.getMessage()
					+ "). Is the file complete?", e);
		}
		if (info == null || info.length == 0)
			throw new InputException("Cannot read " + file + " as TIFF: it holds no image (corrupt or cut short). Is the file complete?");
		for (FileInfo fi : info) {
			String declared = fi.width + " x " + fi.height + (fi.nImages > 1 ? " x " + fi.nImages : "");
			if (fi.width <= 0 || fi.height <= 0)
				throw new InputException("Cannot read " + file + ": its TIFF header declares a " + declared
						+ " image, which has no pixels (corrupt header).");
			checkPlaneSize(file, "TIFF", fi.width, fi.height);
			long plane = planeBytes(fi);
			if (fi.compression != FileInfo.COMPRESSION_NONE || plane < 0)
				continue; // compressed: the size on disk says little; the reader checks the data
			boolean strips = fi.nImages == 1 && fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0
					&& fi.stripOffsets.length == fi.stripLengths.length;
			if (strips) {
				long held = 0;
				for (int len : fi.stripLengths)
					held += len & 0xffffffffL;
				if (held < plane)
					throw new InputException("Cannot read " + file + ": its TIFF header declares " + declared + " pixels (" + plane
							+ " bytes), but its strips hold only " + held + " bytes (a corrupt header). Save the image again.");
			}
			// ImageJ reads uncompressed pixels as one block from the first strip (and the planes of
			// its stacks one after another): that block must be in the file
			long end = fi.getOffset() + fi.nImages * plane + Math.max(0, fi.nImages - 1) * fi.gapBetweenImages;
			if (end > length)
				throw new InputException("Cannot read " + file + ": the file is truncated. Its TIFF header declares " + declared
						+ " pixels, stored up to byte " + end + ", but the file has only " + length + " bytes. Copy or save the image again.");
		}
	}

	/** Bytes of one uncompressed plane, or -1 for a pixel type not checked here. */
	private static long planeBytes(FileInfo fi) {
		long px = (long) fi.width * fi.height;
		return switch (fi.fileType) {
			case FileInfo.GRAY8, FileInfo.COLOR8 -> px;
			case FileInfo.GRAY16_SIGNED, FileInfo.GRAY16_UNSIGNED -> 2 * px;
			case FileInfo.GRAY32_INT, FileInfo.GRAY32_UNSIGNED, FileInfo.GRAY32_FLOAT, FileInfo.ARGB, FileInfo.BARG, FileInfo.ABGR,
					FileInfo.CMYK -> 4 * px;
			case FileInfo.RGB, FileInfo.BGR, FileInfo.RGB_PLANAR -> 3 * px;
			case FileInfo.RGB48, FileInfo.RGB48_PLANAR -> 6 * px;
			case FileInfo.GRAY64_FLOAT -> 8 * px;
			case FileInfo.BITMAP -> (fi.width + 7L) / 8 * fi.height;
			case FileInfo.GRAY12_UNSIGNED -> (px * 3 + 1) / 2;
			case FileInfo.GRAY24_UNSIGNED -> 3 * px;
			default -> -1;
		};
	}

	private static void checkPlaneSize(Path file, String format, long width, long height) {
		if (width * height > Integer.MAX_VALUE - 8)
			throw new InputException("Cannot read " + file + ": its " + format + " header declares a " + width + " x " + height
					+ " plane, larger than ImageJ's limit of 2^31 - 1 pixels per plane (a corrupt header, or an image to split into tiles first).");
	}

	private static final Pattern TAG = Pattern.compile("^([0-9A-F]{4},[0-9A-F]{4})\\s+[^:]*:\\s*(.*?)\\s*$", Pattern.MULTILINE);

	private static void checkDicom(Path file, long length) {
		String info;
		try {
			info = new ij.plugin.DICOM().getInfo(file.toAbsolutePath().toString());
		}
		catch (RuntimeException e) {
			throw new InputException("Cannot read " + file + " as DICOM: its header is corrupt or cut short (" + e.getMessage() + ").", e);
		}
		if (info == null || info.isBlank())
			throw new InputException("Cannot read " + file + " as DICOM: its header is corrupt or cut short. Is the file complete?");
		java.util.Map<String, String> tags = new java.util.HashMap<>();
		Matcher m = TAG.matcher(info);
		while (m.find())
			tags.putIfAbsent(m.group(1), m.group(2));
		long rows = number(tags.get("0028,0010")), cols = number(tags.get("0028,0011"));
		if (rows < 0 || cols < 0)
			return; // not an image (or a header ImageJ reports differently): the reader decides
		if (rows == 0 || cols == 0)
			throw new InputException("Cannot read " + file + ": its DICOM header declares a " + cols + " x " + rows
					+ " image, which has no pixels (corrupt header).");
		checkPlaneSize(file, "DICOM", cols, rows);
		String syntax = tags.getOrDefault("0002,0010", "").trim();
		boolean uncompressed = syntax.isEmpty() || syntax.equals("1.2.840.10008.1.2") || syntax.equals("1.2.840.10008.1.2.1")
				|| syntax.equals("1.2.840.10008.1.2.2");
		long offset = number(tags.get("7FE0,0010"));
		long bits = number(tags.get("0028,0100")), samples = Math.max(1, number(tags.get("0028,0002")));
		long frames = Math.max(1, number(tags.get("0028,0008")));
		if (!uncompressed || offset < 0 || bits <= 0)
			return;
		long end = offset + (rows * cols * samples * frames * bits + 7) / 8;
		if (end > length)
			throw new InputException("Cannot read " + file + ": the file is truncated. Its DICOM header declares " + cols + " x " + rows
					+ (frames > 1 ? " x " + frames : "") + " pixels of " + bits + " bits (" + (end - offset) + " bytes from byte " + offset
					+ "), but the file has only " + length + " bytes. Copy or export the image again.");
	}

	/** The leading whole number of a DICOM value text ("16", "472", "1 "), or -1. */
	private static long number(String s) {
		if (s == null)
			return -1;
		Matcher m = Pattern.compile("^\\s*(\\d{1,12})").matcher(s);
		return m.find() ? Long.parseLong(m.group(1)) : -1;
	}
}
