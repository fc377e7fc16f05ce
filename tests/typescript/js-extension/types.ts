export interface Render { render(): string }
