print("teamwork")
