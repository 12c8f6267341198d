import * as v8 from "node:v8";

/** Whether V8 stores `text` with one byte a character: its serialisation says so (tag 0x22 one byte, 0x63 two bytes). */
export const storedOneByte = (text: string): boolean => v8.serialize(text)[2] === 0x22;
