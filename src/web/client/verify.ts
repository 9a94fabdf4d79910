// placeholder: replaced below
export {};
