// Nuclei counting on a fluorescence z-stack with SegmentIJ:
// Gaussian blur -> Otsu -> distance-transform watershed (splits touching nuclei) -> clean-up -> count.
// The same steps are done twice: command by command, and as the pipeline file pipelines/nuclei.pipeline.
//
// Usage:  ImageJ -batch macros/nuclei_count.ijm "/data/stack.tif|pipelines/nuclei.pipeline"
//         (or open a stack and run the macro: it then uses the open image and skips the pipeline run)
// Prints: nuclei=N (commands) and pipeline_nuclei=N (pipeline file).

setBatchMode(true);
args = split(getArgument(), "|");
if (args.length > 0 && args[0] != "")
	open(args[0]);
if (nImages == 0)
	exit("Open a fluorescence stack first, or pass its path as the macro argument.");
input = getTitle();

// ImageJ's own Gaussian blur on every slice (pixels); SegmentIJ's commands never modify their input
run("Duplicate...", "title=smoothed duplicate");
run("Gaussian Blur...", "sigma=1 stack");
smoothed = getImageID();

run("Otsu Threshold", "");                              // new image "smoothed-otsu": one histogram for the stack
run("Distance Transform Watershed", "h=1");             // 3D labels, touching nuclei split
run("Clean Up Labels", "min_size=30 fill_holes");       // objects under 30 voxels (calibrated volume) go; labels 1..n
Stack.getStatistics(voxels, mean, min, max);
print("labels image: " + getTitle());
print("nuclei=" + max);

if (args.length > 1) {
	selectImage(smoothed);
	run("Run Pipeline...", "pipeline=[" + args[1] + "]");  // otsu, distance-watershed h=1, label-cleanup min_size=30 fill_holes
	Stack.getStatistics(voxels, mean, min, max);
	print("pipeline image: " + getTitle());
	print("pipeline_nuclei=" + max);
}
