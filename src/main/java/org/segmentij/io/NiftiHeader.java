package org.segmentij.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 348-byte NIfTI-1 header, field by field at the offsets of the NIfTI-1 specification
 * (nifti1.h). {@link #parse} reads either byte order (told apart by {@code sizeof_hdr}, which is
 * 348); {@link #toBytes} writes the single-file form ({@code magic = "n+1"}).
 */
public final class NiftiHeader {

	public static final int SIZE = 348;
	/** vox_offset of the files we write: the header, then the 4-byte extension flag (no extensions). */
	public static final int VOX_OFFSET = 352;

	// datatype codes (nifti1.h)
	public static final short DT_UINT8 = 2, DT_INT16 = 4, DT_INT32 = 8, DT_FLOAT32 = 16, DT_FLOAT64 = 64, DT_RGB24 = 128,
			DT_INT8 = 256, DT_UINT16 = 512, DT_UINT32 = 768;

	// xyzt_units codes
	public static final int UNITS_METER = 1, UNITS_MM = 2, UNITS_MICRON = 3, UNITS_SEC = 8, UNITS_MSEC = 16, UNITS_USEC = 24;

	public ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	public byte dimInfo;
	public final short[] dim = new short[8];
	public float intentP1, intentP2, intentP3;
	public short intentCode;
	public short datatype;
	public short bitpix;
	public short sliceStart;
	public final float[] pixdim = new float[8];
	public float voxOffset = VOX_OFFSET;
	public float sclSlope, sclInter;
	public short sliceEnd;
	public byte sliceCode;
	public byte xyztUnits;
	public float calMax, calMin;
	public float sliceDuration, toffset;
	public String descrip = "";
	public String auxFile = "";
	public short qformCode, sformCode;
	public float quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ;
	/** srow_x, srow_y, srow_z, row after row. */
	public final float[] srow = new float[12];
	public String intentName = "";
	public String magic = "n+1";

	/** Why a header cannot be read; the caller adds the file name. */
	public static final class FormatError extends Exception {
		private static final long serialVersionUID = 1L;

		FormatError(String message) {
			super(message);
		}
	}

	/** Parses the first 348 bytes of {@code b}. */
	public static NiftiHeader parse(byte[] b) throws FormatError {
		if (b.length < SIZE)
			throw new FormatError("only " + b.length + " bytes; a NIfTI-1 header has 348");
		ByteBuffer bb = ByteBuffer.wrap(b);
		NiftiHeader h = new NiftiHeader();
		int le = bb.order(ByteOrder.LITTLE_ENDIAN).getInt(0), be = bb.order(ByteOrder.BIG_ENDIAN).getInt(0);
		if (le == SIZE)
			h.order = ByteOrder.LITTLE_ENDIAN;
		else if (be == SIZE)
			h.order = ByteOrder.BIG_ENDIAN;
		else if (le == 540 || be == 540)
			throw new FormatError("this is a NIfTI-2 file (sizeof_hdr 540); only NIfTI-1 is supported. Convert it, e.g. with nibabel or c3d");
		else
			throw new FormatError("not a NIfTI-1 file (sizeof_hdr is " + le + ", must be 348)");
		bb.order(h.order);
		h.magic = string(b, 344, 4);
		if (h.magic.equals("ni1"))
			throw new FormatError("this is the header of a two-file NIfTI pair (.hdr/.img, magic \"ni1\"); only single-file .nii is supported");
		if (!h.magic.equals("n+1"))
			throw new FormatError("bad magic \"" + h.magic.replaceAll("[^\\x20-\\x7e]", "?") + "\" at byte 344 (must be \"n+1\")");
		h.dimInfo = bb.get(39);
		for (int i = 0; i < 8; i++)
			h.dim[i] = bb.getShort(40 + 2 * i);
		h.intentP1 = bb.getFloat(56);
		h.intentP2 = bb.getFloat(60);
		h.intentP3 = bb.getFloat(64);
		h.intentCode = bb.getShort(68);
		h.datatype = bb.getShort(70);
		h.bitpix = bb.getShort(72);
		h.sliceStart = bb.getShort(74);
		for (int i = 0; i < 8; i++)
			h.pixdim[i] = bb.getFloat(76 + 4 * i);
		h.voxOffset = bb.getFloat(108);
		h.sclSlope = bb.getFloat(112);
		h.sclInter = bb.getFloat(116);
		h.sliceEnd = bb.getShort(120);
		h.sliceCode = bb.get(122);
		h.xyztUnits = bb.get(123);
		h.calMax = bb.getFloat(124);
		h.calMin = bb.getFloat(128);
		h.sliceDuration = bb.getFloat(132);
		h.toffset = bb.getFloat(136);
		h.descrip = string(b, 148, 80);
		h.auxFile = string(b, 228, 24);
		h.qformCode = bb.getShort(252);
		h.sformCode = bb.getShort(254);
		h.quaternB = bb.getFloat(256);
		h.quaternC = bb.getFloat(260);
		h.quaternD = bb.getFloat(264);
		h.qoffsetX = bb.getFloat(268);
		h.qoffsetY = bb.getFloat(272);
		h.qoffsetZ = bb.getFloat(276);
		for (int i = 0; i < 12; i++)
			h.srow[i] = bb.getFloat(280 + 4 * i);
		h.intentName = string(b, 328, 16);
		h.check();
		return h;
	}

	private void check() throws FormatError {
		int n = dim[0];
		if (n < 1 || n > 7)
			throw new FormatError("dim[0] (number of dimensions) is " + n + ", must be 1 to 7");
		for (int i = 1; i <= n; i++)
			if (dim[i] < 1)
				throw new FormatError("dim[" + i + "] is " + dim[i] + ", must be at least 1");
		for (int i = 6; i <= n; i++)
			if (dim[i] > 1)
				throw new FormatError(n + " dimensions (dim[" + i + "] = " + dim[i] + "); SegmentIJ reads up to 5 (x, y, z, t, channels)");
		int bytes = bytesPerVoxel(datatype);
		if (bytes == 0)
			throw new FormatError("datatype " + datatype + " is not supported (supported: uint8, int8, int16, uint16, int32, uint32, float32, float64, RGB24)");
		if (bitpix != 8 * bytes)
			throw new FormatError("bitpix is " + bitpix + " but datatype " + typeName(datatype) + " has " + 8 * bytes + " bits");
		if (!(voxOffset >= SIZE) || voxOffset != Math.floor(voxOffset))
			throw new FormatError("vox_offset is " + voxOffset + ", must be a whole number of bytes >= 348 (normally 352)");
	}

	/** Size of dimension {@code i} (1 = x ... 5 = channels), 1 beyond dim[0]. */
	public int size(int i) {
		return i <= dim[0] ? dim[i] : 1;
	}

	/** Bytes of one voxel of the datatype; 0 when not supported. */
	public static int bytesPerVoxel(int datatype) {
		return switch (datatype) {
			case DT_UINT8, DT_INT8 -> 1;
			case DT_INT16, DT_UINT16 -> 2;
			case DT_RGB24 -> 3;
			case DT_INT32, DT_UINT32, DT_FLOAT32 -> 4;
			case DT_FLOAT64 -> 8;
			default -> 0;
		};
	}

	public static String typeName(int datatype) {
		return switch (datatype) {
			case DT_UINT8 -> "uint8";
			case DT_INT8 -> "int8";
			case DT_INT16 -> "int16";
			case DT_UINT16 -> "uint16";
			case DT_INT32 -> "int32";
			case DT_UINT32 -> "uint32";
			case DT_FLOAT32 -> "float32";
			case DT_FLOAT64 -> "float64";
			case DT_RGB24 -> "RGB24";
			default -> "code " + datatype;
		};
	}

	/** Whether scl_slope/scl_inter change the values (slope 0 means "no scaling" in NIfTI-1). */
	public boolean scales() {
		boolean noSlope = sclSlope == 0 || sclSlope == 1 || !Float.isFinite(sclSlope);
		boolean noInter = sclInter == 0 || !Float.isFinite(sclInter);
		return !(noSlope && noInter) && datatype != DT_RGB24;
	}

	/** The 348 header bytes plus the 4-byte extension flag (all zero: no extensions). */
	public byte[] toBytes() {
		ByteBuffer bb = ByteBuffer.allocate(VOX_OFFSET).order(order);
		bb.putInt(0, SIZE);
		bb.put(38, (byte) 'r'); // "regular": set by convention
		bb.put(39, dimInfo);
		for (int i = 0; i < 8; i++)
			bb.putShort(40 + 2 * i, dim[i]);
		bb.putFloat(56, intentP1);
		bb.putFloat(60, intentP2);
		bb.putFloat(64, intentP3);
		bb.putShort(68, intentCode);
		bb.putShort(70, datatype);
		bb.putShort(72, bitpix);
		bb.putShort(74, sliceStart);
		for (int i = 0; i < 8; i++)
			bb.putFloat(76 + 4 * i, pixdim[i]);
		bb.putFloat(108, voxOffset);
		bb.putFloat(112, sclSlope);
		bb.putFloat(116, sclInter);
		bb.putShort(120, sliceEnd);
		bb.put(122, sliceCode);
		bb.put(123, xyztUnits);
		bb.putFloat(124, calMax);
		bb.putFloat(128, calMin);
		bb.putFloat(132, sliceDuration);
		bb.putFloat(136, toffset);
		putString(bb, 148, 80, descrip);
		putString(bb, 228, 24, auxFile);
		bb.putShort(252, qformCode);
		bb.putShort(254, sformCode);
		bb.putFloat(256, quaternB);
		bb.putFloat(260, quaternC);
		bb.putFloat(264, quaternD);
		bb.putFloat(268, qoffsetX);
		bb.putFloat(272, qoffsetY);
		bb.putFloat(276, qoffsetZ);
		for (int i = 0; i < 12; i++)
			bb.putFloat(280 + 4 * i, srow[i]);
		putString(bb, 328, 16, intentName);
		putString(bb, 344, 4, "n+1");
		return bb.array();
	}

	private static String string(byte[] b, int off, int len) {
		int n = 0;
		while (n < len && b[off + n] != 0)
			n++;
		return new String(b, off, n, StandardCharsets.ISO_8859_1);
	}

	private static void putString(ByteBuffer bb, int off, int len, String s) {
		byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < Math.min(v.length, len - 1); i++)
			bb.put(off + i, v[i]);
	}
}
