export const other: string = "from baseUrl";
