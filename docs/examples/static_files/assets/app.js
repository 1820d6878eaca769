console.log("hello from a static file");
