import TeamworkUI
