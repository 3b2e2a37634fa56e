def shipping(weight):
    if weight <= 0:
        print("invalid weight")
    elif weight <= 2:
        print("letter")
    elif weight <= 10:
        print("parcel")
    else:
        print("freight")
