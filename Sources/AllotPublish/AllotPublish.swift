/// Writers for the plan folder (SPEC 9) and the machinery that publishes it whole or not at all.
public enum AllotPublish {}
