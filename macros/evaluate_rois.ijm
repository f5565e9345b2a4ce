// Evaluation against ground truth drawn as ROIs: the ROIs go into the ROI Manager, Evaluate
// Segmentation compares the Otsu mask with them and writes the "Segmentation Metrics" table.
//
// Usage:  ImageJ -batch macros/evaluate_rois.ijm "/data/image.tif|/data/truth_rois.zip"
// Prints: dice=D, iou=I and f1@0.5=F (instances matched at IoU > 0.5).

setBatchMode(true);
args = split(getArgument(), "|");
if (args.length < 2)
	exit("Give the image and the ROI set: \"/data/image.tif|/data/truth_rois.zip\".");
open(args[0]);
run("Otsu Threshold", "");
prediction = getTitle();

roiManager("reset");
roiManager("Open", args[1]);
print("truth ROIs: " + roiManager("count"));

run("Evaluate Segmentation", "prediction=[" + prediction + "] ground_truth=[[ROI Manager]] classes=0 instances thresholds=0.5 tolerance=2");
print("dice=" + Table.get("dice", 0, "Segmentation Metrics"));
print("iou=" + Table.get("iou", 0, "Segmentation Metrics"));
print("f1@0.5=" + Table.get("f1@0.50", 0, "Segmentation Metrics"));
