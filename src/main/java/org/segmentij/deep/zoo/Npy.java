package org.segmentij.deep.zoo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads numpy .npy files of little-endian float32 or float64 in C order (as float32). */
public final class Npy {

	/** The values and the shape. */
	public record Array(float[] data, long[] shape) {
	}

	private Npy() {
	}

	public static Array read(Path file) throws IOException {
		ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		if (b.remaining() < 10 || b.get() != (byte) 0x93 || b.get() != 'N' || b.get() != 'U' || b.get() != 'M' || b.get() != 'P'
				|| b.get() != 'Y')
			throw new IOException(file + " is not a .npy file");
		int major = b.get();
		b.get();
		int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
		byte[] h = new byte[headerLen];
		b.get(h);
		String header = new String(h, StandardCharsets.ISO_8859_1);
		Matcher d = Pattern.compile("'descr':\\s*'([^']*)'").matcher(header);
		Matcher f = Pattern.compile("'fortran_order':\\s*(True|False)").matcher(header);
		Matcher s = Pattern.compile("'shape':\\s*\\(([^)]*)\\)").matcher(header);
		if (!d.find() || !f.find() || !s.find())
			throw new IOException(file + ": unreadable .npy header " + header.trim());
		if (f.group(1).equals("True"))
			throw new IOException(file + ": Fortran-order .npy files are not supported");
		String[] parts = s.group(1).split(",");
		long n = 1;
		java.util.List<Long> dims = new java.util.ArrayList<>();
		for (String p : parts)
			if (!p.isBlank()) {
				dims.add(Long.parseLong(p.trim()));
				n *= dims.get(dims.size() - 1);
			}
		long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
		float[] data = new float[Math.toIntExact(n)];
		switch (d.group(1)) {
		case "<f4":
			b.asFloatBuffer().get(data);
			break;
		case "<f8":
			for (int i = 0; i < data.length; i++)
				data[i] = (float) b.getDouble();
			break;
		default:
			throw new IOException(file + ": dtype " + d.group(1) + " is not supported (float32 or float64)");
		}
		return new Array(data, shape);
	}
}
