console.log("loaded side-effect");
export {};
