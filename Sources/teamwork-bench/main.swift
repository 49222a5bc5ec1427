print("teamwork-bench")
