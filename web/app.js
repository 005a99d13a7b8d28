console.log("roadshow")
