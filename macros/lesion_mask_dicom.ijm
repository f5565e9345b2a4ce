// Lesion mask on a DICOM series with SegmentIJ:
// open the series folder (File > Import > Image Sequence: ImageJ orders DICOM slices and takes the
// slice spacing from Image Position) -> Gaussian blur -> Otsu -> connected components -> clean-up
// -> keep the largest object -> lesion volume in calibrated units, mask saved as TIFF.
//
// Usage:  ImageJ -batch macros/lesion_mask_dicom.ijm "/data/series folder|/data/lesion-mask.tif"
// Prints: voxel=W H D UNIT, objects=N (after clean-up), lesion_voxels=N, lesion_volume=V (in UNIT^3).

setBatchMode(true);
args = split(getArgument(), "|");
if (args.length < 2)
	exit("Give the DICOM series folder and the mask file to write: \"/data/series|/data/mask.tif\".");
run("Image Sequence...", "dir=[" + args[0] + "] sort");
if (nImages == 0)
	exit("No images in " + args[0]);
getVoxelSize(vw, vh, vd, unit);
print("series: " + getTitle() + ", " + getWidth() + "x" + getHeight() + "x" + nSlices);
print("voxel=" + vw + " " + vh + " " + vd + " " + unit);

run("Gaussian Blur...", "sigma=1 stack");               // ImageJ's blur, slice by slice (pixels)
run("Otsu Threshold", "");                              // lesion brighter than the tissue: one histogram for the series
run("Connected Components Labeling", "connectivity=full");
run("Clean Up Labels", "min_size=5");                   // specks under 5 mm^3 go; labels 1..n
labels = getTitle();
Stack.getStatistics(voxels, mean, min, objects);
print("objects=" + objects);
if (objects == 0)
	exit("No lesion found.");

// the largest object: Measure Labels gives each label's calibrated volume
run("Measure Labels", "");
table = "";
titles = getList("window.titles");
for (i = 0; i < titles.length; i++)
	if (endsWith(titles[i], "-measurements"))
		table = titles[i];
if (table == "")
	exit("Measure Labels showed no table");
largest = 0;
volume = 0;
for (row = 0; row < Table.size(table); row++) {
	v = Table.get("Volume", row, table);
	if (v > volume) {
		volume = v;
		largest = Table.get("Label", row, table);
	}
}

// the mask of that label (0/255), with the series' calibration
selectImage(labels);
run("Duplicate...", "title=lesion-mask duplicate");
setThreshold(largest, largest);
run("Convert to Mask", "background=Dark black");
setVoxelSize(vw, vh, vd, unit);
Stack.getStatistics(voxels, mean);
count = round(voxels * mean / 255);
print("lesion_voxels=" + count);
print("lesion_volume=" + d2s(volume, 3));
print("lesion: label " + largest + ", " + count + " voxels, " + d2s(volume, 3) + " " + unit + "^3");
saveAs("Tiff", args[1]);
print("mask: " + args[1]);
