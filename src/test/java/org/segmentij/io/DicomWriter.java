package org.segmentij.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test data: DICOM files written byte by byte (Part 10: preamble, "DICM", explicit-VR file meta
 * group, then an implicit VR little endian data set with the few tags an image needs). Used by
 * {@link DicomSeriesTest} and by the macro example tests (a synthetic series).
 */
public final class DicomWriter {

	private DicomWriter() {
	}

	/**
	 * One slice as a DICOM Part 10 file: 16-bit unsigned MONOCHROME2, {@code pixels} row by row,
	 * Pixel Spacing {@code pixelSpacing} ("row\\column" in mm); the Image Position (Patient) and an
	 * axial Image Orientation when {@code position} is given, the Instance Number when given.
	 */
	public static byte[] slice(String series, String instanceUid, Integer instance, double[] position, String pixelSpacing, int rows, int cols,
			short[] pixels) throws IOException {
		if (pixels.length != rows * cols)
			throw new IllegalArgumentException(pixels.length + " pixels for " + rows + "x" + cols);
		ByteArrayOutputStream meta = new ByteArrayOutputStream();
		explicit(meta, 0x0002, 0x0001, "OB", new byte[] { 0, 1 });
		explicit(meta, 0x0002, 0x0002, "UI", uid("1.2.840.10008.5.1.4.1.1.4")); // MR Image Storage
		explicit(meta, 0x0002, 0x0003, "UI", uid(instanceUid));
		explicit(meta, 0x0002, 0x0010, "UI", uid("1.2.840.10008.1.2")); // implicit VR little endian
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[128]);
		out.write("DICM".getBytes(StandardCharsets.US_ASCII));
		explicit(out, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
		out.write(meta.toByteArray());
		implicit(out, 0x0008, 0x0016, uid("1.2.840.10008.5.1.4.1.1.4"));
		implicit(out, 0x0008, 0x0018, uid(instanceUid));
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
		implicit(out, 0x0028, 0x0010, le(2).putShort((short) rows).array());
		implicit(out, 0x0028, 0x0011, le(2).putShort((short) cols).array());
		implicit(out, 0x0028, 0x0030, text(pixelSpacing));
		implicit(out, 0x0028, 0x0100, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0101, le(2).putShort((short) 16).array());
		implicit(out, 0x0028, 0x0102, le(2).putShort((short) 15).array());
		implicit(out, 0x0028, 0x0103, le(2).putShort((short) 0).array());
		ByteBuffer px = le(2 * pixels.length);
		for (short v : pixels)
			px.putShort(v);
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
}
